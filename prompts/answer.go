package prompts

import (
	"errors"
	"time"

	"verbatim/corpus"
)

// Passage is one retrieved passage shown to the model as [N], N counting
// from 1 in the order given.
type Passage struct {
	Title  string
	Source string
	Date   corpus.Date
	Text   string
}

// AnswerData is what the answer prompt is rendered from.
type AnswerData struct {
	Question string
	// Lang is the ISO 639-1 code of the language to answer in.
	Lang     string
	Passages []Passage
	// Today, when not zero, tells the model the current date so that it can
	// place "last week" or "yesterday" in the question.
	Today time.Time
}

// NotFound is the marker the model writes alone on the first line when the
// passages do not answer the question; see IsNotFound.
const NotFound = "NOT_FOUND"

type systemView struct {
	Language, Marks, Example, NotFound string
	// Translated is an example of a quote in another language followed
	// by its labelled translation.
	Translated string
}

type passageView struct {
	N                   int
	Title, Source, Date string
	Text                string
}

type answerView struct {
	Question string
	Today    string
	Passages []passageView
}

// Answer renders the system and user messages asking the model to answer
// data.Question from data.Passages with exact quotes and [n] markers.
func Answer(data AnswerData) ([]Message, error) {
	if len(data.Passages) == 0 {
		return nil, errors.New("render answer prompt: no passages")
	}
	sys, err := render("system", newSystemView(data.Lang))
	if err != nil {
		return nil, err
	}
	v := answerView{Question: data.Question}
	if !data.Today.IsZero() {
		v.Today = corpus.Date{Time: data.Today, Precision: corpus.PrecisionDay}.Display(data.Lang)
	}
	for i, p := range data.Passages {
		title := p.Title
		if title == "" {
			title = untitled(data.Lang)
		}
		date := p.Date.Display(data.Lang)
		if date == "" {
			date = undated(data.Lang)
		}
		v.Passages = append(v.Passages, passageView{N: i + 1, Title: title, Source: p.Source, Date: date, Text: p.Text})
	}
	user, err := render("answer", v)
	if err != nil {
		return nil, err
	}
	return []Message{{Role: "system", Content: sys}, {Role: "user", Content: user}}, nil
}

func newSystemView(lang string) systemView {
	open, close := QuoteMarks(lang)
	marks := "straight double quotation marks"
	example := open + "exact words from the passage" + close + " [1]"
	if lang == "fr" {
		marks = "French guillemets « »"
		example = open + "les mots exacts du passage" + close + " [1]"
	}
	translated := `"exact words of the passage, in its language" [1] ` + Translated(lang, "your translation")
	if lang == "fr" {
		translated = open + "les mots exacts du passage, dans sa langue" + close + " [1] " + Translated(lang, "votre traduction")
	}
	return systemView{Language: LanguageName(lang), Marks: marks, Example: example, NotFound: NotFound, Translated: translated}
}

func undated(lang string) string {
	if lang == "fr" {
		return "date inconnue"
	}
	return "undated"
}

func untitled(lang string) string {
	if lang == "fr" {
		return "sans titre"
	}
	return "untitled"
}
