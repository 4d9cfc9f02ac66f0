package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// pingIdle is how long a connection must have been idle for the pool to
// ping it before handing it out (pgx's own default): a server lost
// without a word (its host gone, a firewall that forgot the session)
// shows only to a round trip.
const pingIdle = time.Second

// pingTimeout is how long the pool waits for a ping's answer before it
// closes the connection and takes another (pgx waits as long as the
// caller's deadline allows): an empty query answers in milliseconds, so a
// session that does not answer in 2 s is one whose path was lost without
// a word, and a new connection may well reach the server in the time the
// caller has left.
const pingTimeout = 2 * time.Second

// shouldPing is the pool's ShouldPing. Besides the connections idle longer
// than pingIdle, it pings those with something to read: an idle session
// has nothing to say, so an end of stream or a last error waiting there
// is a server that restarted, or a proxy or network that cut the session,
// however recently. Looking costs one system call, no round trip; the
// ping that follows fails on such a connection, and pgxpool closes it and
// takes another before any query is sent on it. Without it, the first
// query after a short outage failed on a connection cut while idle.
func shouldPing(_ context.Context, p pgxpool.ShouldPingParams) bool {
	return p.IdleDuration > pingIdle || !quiet(p.Conn.PgConn().Conn())
}
