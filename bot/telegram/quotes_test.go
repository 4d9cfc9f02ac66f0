package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// pageButtons returns the callback data of a message's inline keyboard.
func pageButtons(t *testing.T, call apiCall) []string {
	t.Helper()
	if call.Params["reply_markup"] == "" {
		return nil
	}
	var markup struct {
		InlineKeyboard [][]struct {
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(call.Params["reply_markup"]), &markup); err != nil {
		t.Fatalf("reply_markup %q: %v", call.Params["reply_markup"], err)
	}
	var out []string
	for _, row := range markup.InlineKeyboard {
		for _, b := range row {
			if len(b.CallbackData) > 64 {
				t.Errorf("callback data %q longer than 64 bytes", b.CallbackData)
			}
			out = append(out, b.CallbackData)
		}
	}
	return out
}

var insertedRe = regexp.MustCompile(` ?<u>.*?</u>`)

// quotedIn checks that every blockquote of an HTML message is the exact
// text of one of the articles.
func quotedIn(t *testing.T, text string, articles ...corpus.Article) int {
	t.Helper()
	if err := checkHTML(text); err != nil {
		t.Fatalf("invalid HTML: %v\n%s", err, text)
	}
	qs := blockquoteRe.FindAllStringSubmatch(text, -1)
	for _, q := range qs {
		// The source's words of an altered text: without the text's own
		// words (underlined) and the strike-through marks.
		quote := insertedRe.ReplaceAllString(q[1], "")
		quote = strings.NewReplacer("<s>", "", "</s>", "").Replace(quote)
		quote = html.UnescapeString(strings.Join(strings.Fields(quote), " "))
		found := false
		for _, a := range articles {
			found = found || strings.Contains(a.Text, quote)
		}
		if !found {
			t.Errorf("quote %q is not text of the articles", quote)
		}
	}
	return len(qs)
}

func TestQuoteCommandsOnSeed(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const chat = 42 // not an admin
	alice := user(chat, "fr")
	const said = "La Russie n’oubliera jamais ses amis de Corée du Nord"

	tests := []struct {
		name, text string
		extra      map[string]any
		want       []string
		quotes     int // blockquotes, all exact article text
	}{
		{"quotes", "/quotes Zakharova", nil, []string{"<b>Maria Zakharova</b>", "1 citation", said, "avril 2025"}, 1},
		{"quotes, cyrillic", "/quotes Захарова", nil, []string{"<b>Maria Zakharova</b>", said}, 1},
		{"quotes, topic", "/quotes Maria Zakharova Corée", nil, []string{said}, 1},
		{"quotes, none on topic", "/quotes Zakharova football", nil, []string{"Aucune citation de Zakharova sur « football »"}, 0},
		{"quotes usage", "/quotes", nil, []string{"Usage : /quotes NOM"}, 0},
		{"timeline", "/timeline Corée du Nord", nil, []string{"1 article", "avril 2025"}, 1},
		{"check exact", "/check « " + said + " »", nil, []string{"<b>Exact</b>", "Maria Zakharova", "avril 2025"}, 1},
		{"check altered", "/check La Russie oubliera toujours ses amis de Corée du Nord", nil, []string{"<b>Modifié</b>", "une négation retirée", "<s>n’oubliera jamais</s> <u>oubliera toujours</u>"}, 1},
		{"check not found", "/check Le prix du pain a doublé à Lyon depuis le printemps dernier", nil, []string{"<b>Introuvable</b>"}, 0},
		{"forwarded", "La Russie n'oubliera jamais ses amis de Corée du Nord",
			map[string]any{"forward_origin": map[string]any{"type": "hidden_user", "sender_user_name": "Someone", "date": time.Now().Unix()}},
			[]string{"<b>Exact</b>", "Maria Zakharova"}, 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One user a case: the rate limit is per user.
			id := int64(1000 + i)
			got := h.ask(t, id, "private", user(id, "fr"), tt.text, tt.extra)
			text := got.Params["text"]
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("reply lacks %q:\n%s", w, text)
				}
			}
			if tt.quotes > 0 || got.Params["parse_mode"] == "HTML" {
				if n := quotedIn(t, text, h.seed); n < tt.quotes {
					t.Errorf("got %d quotations, want %d:\n%s", n, tt.quotes, text)
				}
			}
			if buttons := pageButtons(t, got); len(buttons) != 0 {
				t.Errorf("one page has buttons %v", buttons)
			}
		})
	}
	t.Run("check in reply", func(t *testing.T) {
		got := h.ask(t, chat, "private", alice, "/check", map[string]any{"reply_to_message": map[string]any{
			"message_id": 7, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "text": said,
		}})
		if !strings.Contains(got.Params["text"], "<b>Exact</b>") {
			t.Errorf("/check in reply = %q, want exact", got.Params["text"])
		}
	})
	t.Run("group", func(t *testing.T) {
		got := h.ask(t, -100, "supergroup", user(7, "en"), "/quotes Zakharova", nil)
		if !strings.Contains(got.Params["text"], "1 quotation, newest first") {
			t.Errorf("/quotes in a group = %q", got.Params["text"])
		}
	})
}

// speakerLibrary indexes n articles quoting Maria Zakharova, one a day
// from 1 January 2025, each quotation long; the newest one is longer than
// a Telegram message.
func speakerLibrary(t *testing.T, n int) (*retrieval.Index, []corpus.Article) {
	t.Helper()
	var arts []corpus.Article
	for i := 0; i < n; i++ {
		d, _ := corpus.ParseDate(fmt.Sprintf("2025-01-%02d", i+1))
		quote := fmt.Sprintf("Les sanctions numéro %d ne changeront rien à notre politique", i)
		quote += strings.Repeat(fmt.Sprintf(", et la réponse numéro %d sera mesurée", i), 12)
		if i == n-1 {
			quote += strings.Repeat(", et nous le redirons encore longtemps", 120)
		}
		arts = append(arts, corpus.Article{
			ID: fmt.Sprintf("z%02d", i), Lang: "fr", Title: fmt.Sprintf("Briefing %d", i), Date: d, Hash: fmt.Sprint(i),
			Text: fmt.Sprintf("Maria Zakharova a tenu son briefing du jour. « %s », a-t-elle déclaré.", quote),
		})
	}
	ix, _, err := retrieval.Build(context.Background(), t.TempDir(), &corpus.Result{Articles: arts}, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ix, arts
}

func TestQuotesPaginated(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	ix, arts := speakerLibrary(t, 12)
	h.lib.set(ix)
	const chat = 43
	bob := user(chat, "en")
	before := len(h.api.sentTo(chat))
	h.api.push(h.api.textMessage(chat, "private", bob, "/quotes Zakharova", nil))
	// The first page is the newest quotation alone, too long for one
	// message: split, the buttons under its last piece.
	var sent []apiCall
	h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
		sent = h.api.sentTo(chat)[before:]
		return len(sent) > 0 && pageButtons(t, sent[len(sent)-1]) != nil
	})
	if len(sent) < 2 {
		t.Fatalf("first page sent in %d messages, want it split in several", len(sent))
	}
	var first strings.Builder
	for i, s := range sent {
		if i < len(sent)-1 && s.Params["reply_markup"] != "" {
			t.Errorf("piece %d has buttons; only the last should", i)
		}
		first.WriteString(s.Params["text"])
	}
	if !strings.Contains(sent[0].Params["text"], "12 quotations, newest first (1/") {
		t.Errorf("first page head: %.200s", sent[0].Params["text"])
	}
	if !strings.Contains(first.String(), "Les sanctions numéro 11 ") {
		t.Errorf("the first page is not the newest quotation")
	}
	last := sent[len(sent)-1]
	buttons := pageButtons(t, last)
	if len(buttons) != 2 || buttons[1] != "qp:1" {
		t.Fatalf("first page buttons = %v, want [qp:0 qp:1]", buttons)
	}
	// Turn the page: the button's message replies to the command.
	cmdMsg := map[string]any{"message_id": 1, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "from": bob, "text": "/quotes Zakharova"}
	edits := len(h.api.callsOf("editMessageText"))
	h.api.push(map[string]any{"callback_query": map[string]any{
		"id": "cb-p", "from": bob, "chat_instance": "ci", "data": "qp:1",
		"message": map[string]any{"message_id": 9000, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"},
			"text": "page", "reply_to_message": cmdMsg},
	}})
	calls := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool { return len(c) > edits })
	page := calls[edits]
	if page.Params["message_id"] != "9000" {
		t.Errorf("edited message %s, want 9000", page.Params["message_id"])
	}
	text := page.Params["text"]
	if !regexp.MustCompile(`\(2/\d\)`).MatchString(text) {
		t.Errorf("second page lacks its number:\n%.300s", text)
	}
	if n := quotedIn(t, text, arts...); n < 2 || n > pageItems {
		t.Errorf("second page has %d quotations, want 2..%d", n, pageItems)
	}
	if !strings.Contains(text, "Les sanctions numéro 10 ") || strings.Contains(text, "numéro 11 ") {
		t.Errorf("second page does not go on from the first:\n%.300s", text)
	}
	if b := pageButtons(t, page); len(b) != 3 || b[0] != "qp:0" || b[2] != "qp:2" {
		t.Errorf("second page buttons = %v, want ◀ n/N ▶", b)
	}
	t.Run("expired", func(t *testing.T) {
		answered := len(h.api.callsOf("answerCallbackQuery"))
		h.api.push(map[string]any{"callback_query": map[string]any{
			"id": "cb-x", "from": bob, "chat_instance": "ci", "data": "qp:1",
			"message": map[string]any{"message_id": 9001, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "text": "page"},
		}})
		c := h.api.waitCalls(t, "answerCallbackQuery", waitLong, func(c []apiCall) bool { return len(c) > answered })
		if got := c[answered].Params["text"]; got != quoteTextsEN.expired {
			t.Errorf("press without its command answered %q, want %q", got, quoteTextsEN.expired)
		}
	})
}

// TestQuoteCommandsSpeakReaderLanguage: /quotes, /timeline and /check
// answer in the reader's language, plurals included, for each of the
// five.
func TestQuoteCommandsSpeakReaderLanguage(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const altered = "/check La Russie oubliera toujours ses amis de Corée du Nord"
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"de", "/quotes Zakharova", []string{"1 Zitat, die neuesten zuerst", "April 2025"}},
		{"de", altered, []string{"<b>Verändert</b>", "eine Verneinung entfernt"}},
		{"de", "/timeline", []string{"Aufruf: /timeline Thema"}},
		{"es", "/quotes Zakharova", []string{"1 cita, de la más reciente a la más antigua"}},
		{"es", altered, []string{"<b>Alterada</b>", "una negación quitada"}},
		{"ru", "/quotes Zakharova", []string{"1 цитата, сначала новые"}},
		{"ru", "/timeline Корея", []string{"1 статья"}},
		{"ru", altered, []string{"<b>Изменено</b>", "убрано отрицание"}},
		{"en", "/quotes Zakharova", []string{"1 quotation, newest first"}},
		{"fr", "/quotes Zakharova", []string{"1 citation, des plus récentes aux plus anciennes"}},
	}
	for i, tt := range tests {
		t.Run(tt.lang+" "+tt.text, func(t *testing.T) {
			id := int64(2000 + i)
			text := h.ask(t, id, "private", user(id, tt.lang), tt.text, nil).Params["text"]
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("reply lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
