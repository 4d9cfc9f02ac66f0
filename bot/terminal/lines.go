package terminal

import (
	"bufio"
	"context"
	"fmt"
	"io"
)

// LineReader reads what the user types, one line at a time.
type LineReader interface {
	// ReadLine shows prompt and returns the next line without its end of
	// line; io.EOF when the input ends or ctx is done.
	ReadLine(ctx context.Context, prompt string) (string, error)
	Close() error
}

// plainLines reads lines from any reader (a pipe, a file, a test's
// strings.Reader) and writes the prompt to out.
type plainLines struct {
	out   io.Writer
	lines chan string
	done  chan struct{}
}

// PlainLines returns a LineReader over in, for input that is not a
// terminal: no editing, no history.
func PlainLines(in io.Reader, out io.Writer) LineReader {
	p := &plainLines{out: out, lines: make(chan string), done: make(chan struct{})}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case p.lines <- sc.Text():
			case <-p.done:
				return
			}
		}
	}()
	return p
}

func (p *plainLines) ReadLine(ctx context.Context, prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	select {
	case <-ctx.Done():
		fmt.Fprintln(p.out)
		return "", io.EOF
	case line, ok := <-p.lines:
		if !ok {
			fmt.Fprintln(p.out)
			return "", io.EOF
		}
		return line, nil
	}
}

func (p *plainLines) Close() error {
	select {
	case <-p.done:
	default:
		close(p.done)
	}
	return nil
}
