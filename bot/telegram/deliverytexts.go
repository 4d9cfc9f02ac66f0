package telegram

import (
	"fmt"
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
