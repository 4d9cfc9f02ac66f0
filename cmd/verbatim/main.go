// Command verbatim answers questions about a corpus of news articles with
// verified verbatim quotes and their dates, in a terminal or in Telegram.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode writes err as one line on stderr and returns the exit status: 0
// on success, 2 on a usage error (followed by a line saying where the
// usage is), 1 on any other failure.
func exitCode(err error, stderr interface{ Write([]byte) (int, error) }) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "verbatim: %s\n", oneLine(err.Error()))
	var u *usageError
	if errors.As(err, &u) {
		hint := u.hint
		if hint == "" {
			hint = "Run 'verbatim --help' for usage."
		}
		fmt.Fprintln(stderr, hint)
		return 2
	}
	return 1
}
