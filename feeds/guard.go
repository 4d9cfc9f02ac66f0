package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// Resolver looks up the addresses of a host name; *net.Resolver is one,
// and tests inject their own.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// ForbiddenError refuses a connection to an address on the local network:
// loopback, private, link-local, multicast or otherwise not public.
type ForbiddenError struct {
	Host string
	Addr netip.Addr
}

func (e *ForbiddenError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("refused: %s resolves to %s, which is not a public address (FEEDS_ALLOW_PRIVATE=1 allows it)", e.Host, e.Addr)
	}
	return fmt.Sprintf("refused: %s is not a public address (FEEDS_ALLOW_PRIVATE=1 allows it)", e.Addr)
}

// nonPublic are the ranges outside IsPrivate, IsLoopback and the link-local
// and multicast checks that still never hold a public web server.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("2002::/16"),       // 6to4 may wrap a private IPv4
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast
	netip.MustParsePrefix("2001::/32"),       // Teredo wraps any IPv4 and a relay
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated): ::7f00:1 is 127.0.0.1
	netip.MustParsePrefix("::ffff:0:0/96"),   // IPv4-mapped, only reached unmapped
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated (SIIT): ::ffff:0:7f00:1
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 may wrap a private IPv4
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
}

// Forbidden reports whether a is not a public unicast address: loopback,
// private (RFC 1918, fc00::/7), link-local (169.254.0.0/16 with the cloud
// metadata service, fe80::/10), multicast, unspecified or reserved, or an
// IPv6 address that wraps an IPv4 one (IPv4-compatible ::/96, IPv4-mapped
// ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, Teredo, 6to4, NAT64):
// those are refused whole, whatever they wrap, since a host or relay may
// route them to the wrapped address. The dialer unmaps an IPv4-mapped
// address before asking, so a public IPv4 reached that way still passes.
func Forbidden(a netip.Addr) bool {
	if a.Is4In6() {
		return true
	}
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return true
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// guardedDialer connects only to public addresses unless allowPrivate: it
// resolves the host itself, refuses every forbidden address, and checks the
// address again at connect time (net.Dialer.Control), so a name that
// resolves differently on a second lookup (DNS rebinding) gains nothing.
type guardedDialer struct {
	resolver     Resolver
	allowPrivate bool
	// forbidden decides which addresses are refused (nil: Forbidden).
	forbidden func(netip.Addr) bool
	timeout   time.Duration
}

func (g *guardedDialer) refused(a netip.Addr) bool {
	if g.allowPrivate {
		return false
	}
	if g.forbidden != nil {
		return g.forbidden(a)
	}
	return Forbidden(a)
}

// control runs on the socket just before it connects: the last word on
// which address is reached.
func (g *guardedDialer) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: unparsable address %q", address)
	}
	if g.refused(ap.Addr().Unmap()) {
		return &ForbiddenError{Addr: ap.Addr().Unmap()}
	}
	return nil
}

// DialContext resolves addr's host and connects to its first allowed
// address that answers.
func (g *guardedDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("dial %s: bad port", addr)
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		resolver := g.resolver
		if resolver == nil {
			resolver = net.DefaultResolver
		}
		addrs, err = resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
	}
	d := net.Dialer{Timeout: g.timeout, Control: g.control}
	var errs []error
	for _, a := range addrs {
		a = a.Unmap()
		if g.refused(a) {
			errs = append(errs, &ForbiddenError{Host: host, Addr: a})
			continue
		}
		conn, err := d.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("resolve %s: no address", host)
	}
	return nil, errors.Join(errs...)
}
