package telegram

import (
	"fmt"
	"strings"
	"time"
)

// restartingText tells a user whose answer was cut by a restart to ask
// again.
func (t *texts) restartingText() string { return t.restarting }

// busyText refuses a question when the chat's queue is full and says when
// to ask again.
func (t *texts) busyText(wait time.Duration) string {
	return fmt.Sprintf(t.busy, int(wait.Round(time.Second)/time.Second))
}

// aboutText writes an expected wait, rounded up to 5 s (to the minute from
// two minutes on).
func (t *texts) aboutText(wait time.Duration) string {
	secs := max(5, (int(wait.Seconds())+4)/5*5)
	if secs >= 120 {
		return t.count((secs+59)/60, "min")
	}
	return fmt.Sprintf("%d s", secs)
}

// queuePlaceText tells one user their place in the chat's queue and the
// expected wait.
func (t *texts) queuePlaceText(place int, wait time.Duration) string {
	return fmt.Sprintf(t.queuePlace, place, t.aboutText(wait))
}

// queuePlacesText tells the users queued together in a chat their places
// and expected waits, in one message; per is one answer's time.
func (t *texts) queuePlacesText(places []queuePlace, per time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, t.queuePlaces, len(places))
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
	if accepted > 0 {
		return fmt.Sprintf(t.floodSome, t.count(accepted, "question"))
	}
	return t.floodNone
}
