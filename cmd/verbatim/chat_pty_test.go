package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestChatLineEditingInATerminal runs "verbatim chat" on a pseudo-terminal,
// types a question, recalls it with the up arrow, edits it (Ctrl-E,
// backspace, Ctrl-A) and checks the edited questions were asked and kept
// in the history file of the cache directory.
func TestChatLineEditingInATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command on a pseudo-terminal")
	}
	cache := t.TempDir()
	cmd := exec.Command(os.Args[0], "chat")
	// No locale: the chat starts in the corpus's language (French).
	cmd.Env = append(os.Environ(), "VERBATIM_RUN_MAIN=1", "XDG_CACHE_HOME="+cache, "HOME="+cache, "INDEX_DIR="+t.TempDir(), "TERM=xterm", "LC_ALL=", "LC_MESSAGES=", "LANG=")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer tty.Close()
	out := &syncWriter{w: &strings.Builder{}}
	go func() { _, _ = io.Copy(out, tty) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})

	// waitFor waits until the output holds want n times.
	waitFor := func(want string, n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(out.String(), want) < n {
			if time.Now().After(deadline) {
				t.Fatalf("got no %q (×%d) in the terminal:\n%s", want, n, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	typeKeys := func(keys string) {
		t.Helper()
		if _, err := tty.Write([]byte(keys)); err != nil {
			t.Fatal(err)
		}
	}
	history := filepath.Join(cache, "verbatim", "chat_history")
	waitHistory := func(lines ...string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			data, _ := os.ReadFile(history)
			if got := strings.Split(strings.TrimSpace(string(data)), "\n"); strings.Join(got, "\n") == strings.Join(lines, "\n") {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("got history %q, want %q\nterminal:\n%s", data, lines, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	const (
		up    = "\x1b[A"
		ctrlA = "\x01"
		ctrlE = "\x05"
		bs    = "\x7f"
	)
	waitFor("Posez une question (ex. ", 1)
	typeKeys("Qu'a déclaré Dmitri Peskov ?\r")
	waitHistory("Qu'a déclaré Dmitri Peskov ?")
	waitFor("Sources :", 1)

	typeKeys(up + ctrlE + bs + bs + " sur la Corée du Nord ?\r")
	waitHistory("Qu'a déclaré Dmitri Peskov ?", "Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?")
	waitFor("Sources :", 2)

	typeKeys(up + ctrlA + "Rappel : " + "\r")
	waitHistory("Qu'a déclaré Dmitri Peskov ?", "Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?", "Rappel : Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?")
	waitFor("Sources :", 3)
	if !strings.Contains(out.String(), "Corée du Nord") {
		t.Errorf("got no answer about North Korea:\n%s", out.String())
	}

	typeKeys("/quit\r")
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("chat exited with %v, want 0\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("chat did not exit after /quit:\n%s", out.String())
	}
	if strings.Contains(out.String(), "level=") {
		t.Errorf("got log lines in the conversation:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(cache, "verbatim", "chat.log")); err != nil {
		t.Errorf("no log file in the cache directory: %v", err)
	}
}

// openPTY returns the terminal end of a new pseudo-terminal, closed with
// its other end when the test ends.
func openPTY(t *testing.T) (*os.File, error) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() {
		tty.Close()
		ptmx.Close()
	})
	return tty, nil
}
