package terminal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/chzyer/readline"
)

// Editor reads lines from a terminal with editing and history: arrow
// keys, Ctrl-A/E, Ctrl-L, Ctrl-R; history is kept in a file across
// sessions. It uses github.com/chzyer/readline.
type Editor struct {
	rl     *readline.Instance
	closed atomic.Bool
}

// historyLimit bounds the lines kept in the history file.
const historyLimit = 1000

// NewEditor returns an Editor reading the terminal in and writing to out,
// keeping its history in historyFile ("" keeps none). in must be a
// terminal.
func NewEditor(in *os.File, out io.Writer, historyFile string) (*Editor, error) {
	if historyFile != "" {
		if err := os.MkdirAll(filepath.Dir(historyFile), 0o700); err != nil {
			return nil, fmt.Errorf("history folder: %w", err)
		}
	}
	limit := historyLimit
	if historyFile == "" {
		limit = -1
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:            "> ",
		HistoryFile:       historyFile,
		HistoryLimit:      limit,
		HistorySearchFold: true,
		Stdin:             in,
		Stdout:            out,
		Stderr:            out,
		FuncIsTerminal:    func() bool { return true },
	})
	if err != nil {
		return nil, fmt.Errorf("line editor: %w", err)
	}
	return &Editor{rl: rl}, nil
}

// ReadLine shows prompt and reads one edited line. Ctrl-C drops the line
// being typed; on an empty line, like Ctrl-D, it ends the input.
func (e *Editor) ReadLine(ctx context.Context, prompt string) (string, error) {
	// A pending Readline cannot be interrupted but by Close (which the
	// library makes return io.EOF); Close is run apart because it can
	// block while a read is in progress (chzyer/readline#217).
	stop := context.AfterFunc(ctx, func() { go e.Close() })
	defer stop()
	e.rl.SetPrompt(prompt)
	for {
		line, err := e.rl.Readline()
		switch {
		case err == nil:
			return line, nil
		case errors.Is(err, readline.ErrInterrupt) && line != "" && ctx.Err() == nil:
			continue
		case errors.Is(err, readline.ErrInterrupt), errors.Is(err, io.EOF):
			return "", io.EOF
		}
		return "", fmt.Errorf("read the terminal: %w", err)
	}
}

// Close restores the terminal and saves nothing more.
func (e *Editor) Close() error {
	if !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	return e.rl.Close()
}
