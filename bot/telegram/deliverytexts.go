package telegram

import (
	"fmt"
	"strings"
	"time"
)

// restartingText tells a user whose answer was cut by a restart to ask
// again.
func (t *texts) restartingText() string {
	if t.lang == "fr" {
		return "Je redémarre : reposez votre question dans un instant."
	}
	return "I am restarting: please ask again in a moment."
}

// busyText refuses a question when the chat's queue is full and says when
// to ask again.
func (t *texts) busyText(wait time.Duration) string {
	s := int(wait.Round(time.Second) / time.Second)
	if t.lang == "fr" {
		return fmt.Sprintf("Trop de questions en attente dans cette conversation : reposez la vôtre dans %d s.", s)
	}
	return fmt.Sprintf("Too many questions are waiting in this chat: please ask again in %d s.", s)
}

// aboutText writes an expected wait, rounded up to 5 s (to the minute from
// two minutes on).
func (t *texts) aboutText(wait time.Duration) string {
	secs := max(5, (int(wait.Seconds())+4)/5*5)
	if secs >= 120 {
		return t.plural((secs+59)/60, "min", "min")
	}
	return fmt.Sprintf("%d s", secs)
}

// queuePlaceText tells one user their place in the chat's queue and the
// expected wait.
func (t *texts) queuePlaceText(place int, wait time.Duration) string {
	if t.lang == "fr" {
		return fmt.Sprintf("Votre question est n° %d dans la file d’attente de cette conversation : réponse dans %s environ.", place, t.aboutText(wait))
	}
	return fmt.Sprintf("Your question is number %d in the queue of this chat: answer in about %s.", place, t.aboutText(wait))
}

// queuePlacesText tells the users queued together in a chat their places
// and expected waits, in one message; per is one answer's time.
func (t *texts) queuePlacesText(places []queuePlace, per time.Duration) string {
	var b strings.Builder
	if t.lang == "fr" {
		fmt.Fprintf(&b, "%d questions attendent dans cette conversation ; j’y réponds dans l’ordre :", len(places))
	} else {
		fmt.Fprintf(&b, "%d questions are waiting in this chat; I answer them in order:", len(places))
	}
	for _, p := range places {
		name := "?"
		if p.r.user != nil {
			name = strings.TrimSpace(p.r.user.FirstName + " " + p.r.user.LastName)
		}
		fmt.Fprintf(&b, "\n%d. %s (~%s)", p.place, name, t.aboutText(time.Duration(p.place)*per))
	}
	return b.String()
}

// floodText completes the slow-down notice of a user asking too much at
// once: their questions accepted are answered in order, the ones sent
// before the wait ends are not, and no other notice will say so.
func (t *texts) floodText(accepted int) string {
	if t.lang == "fr" {
		s := "Les questions envoyées d’ici là ne recevront pas de réponse."
		if accepted > 0 {
			s = fmt.Sprintf("Je réponds dans l’ordre à %s déjà en attente ; %s", t.plural(accepted, "", "question"), strings.ToLower(s[:1])+s[1:])
		}
		return s
	}
	s := "Questions sent before then will not be answered."
	if accepted > 0 {
		s = fmt.Sprintf("I will answer your %s already waiting, in order; questions sent before then will not be answered.", t.plural(accepted, "question", ""))
	}
	return s
}
