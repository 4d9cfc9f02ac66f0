//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package pgstore

import (
	"errors"
	"net"
	"syscall"
)

// quiet reports whether nothing waits to be read on c, neither data nor
// an end of stream, looking at the socket without taking anything from
// it; a socket it cannot look at counts as quiet.
func quiet(c net.Conn) bool {
	if t, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = t.NetConn() // TLS: its records, or the end of the stream, are on the socket below
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return true
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false // closed
	}
	still := true
	err = raw.Read(func(fd uintptr) bool {
		var b [1]byte
		// Go's sockets do not block; MSG_DONTWAIT says so again.
		n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		still = n <= 0 && (errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK))
		return true // looked once: never wait for the socket
	})
	return err == nil && still
}
