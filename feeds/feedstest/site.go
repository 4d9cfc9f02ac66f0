// Package feedstest serves a small news site for the tests of feeds and of
// the commands that use them: an RSS feed and an Atom feed (both answering
// conditional GETs with 304), and article pages wrapped in menus, scripts,
// share bars, cookie banners and related links, with a redirect, a server
// error, a 10 MB page and a page nested 100,000 <div>s deep.
package feedstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Boilerplate are strings of the pages' menus, share bars, cookie banners
// and related links: none may reach an extracted article.
var Boilerplate = []string{
	"Accueil", "Politique", "S'abonner", "cookies", "Tout accepter", "Partager", "Tweeter",
	"Envoyer par e-mail", "WhatsApp", "À lire aussi", "Les syndicats appellent", "Mentions légales", "dataLayer",
}

// Story is an article the site publishes.
type Story struct {
	Path  string // page path
	Title string
	// Paras are the article's paragraphs.
	Paras []string
	// Canonical, when set, is the page's link rel=canonical path.
	Canonical string
}

// Stories of the site.
var (
	Reforme = Story{
		Path: "/articles/reforme", Title: "La réforme votée avant l'été, promet le ministre", Canonical: "/articles/reforme",
		Paras: []string{
			"Le ministre du travail a déclaré mercredi que « la réforme sera votée avant l'été », lors d'un entretien accordé à une radio nationale.",
			"Cette annonce intervient après plusieurs semaines de négociations avec les partenaires sociaux, qui réclamaient davantage de garanties sur la pénibilité.",
			"Le texte doit être examiné en commission dès la semaine prochaine, puis en séance publique au mois de mai.",
		},
	}
	Tram = Story{
		Path: "/articles/tram", Title: "Le conseil municipal approuve la nouvelle ligne de tramway", Canonical: "/articles/tram",
		Paras: []string{
			"Le conseil municipal a approuvé mardi soir la ligne de tramway reliant la gare du nord au campus universitaire.",
			"« C'est la décision la plus importante en matière de transport depuis vingt ans », a déclaré l'adjoint au maire, selon qui les travaux commenceront au printemps.",
			"La ligne devrait transporter quarante mille voyageurs par jour à son ouverture en 2029.",
		},
	}
	Incendie = Story{
		Path: "/articles/incendie", Title: "Incendie dans un entrepôt à Lyon : aucun blessé", Canonical: "/articles/incendie",
		Paras: []string{
			"Un incendie s'est déclaré lundi soir dans un entrepôt de la zone industrielle de Gerland, mobilisant près de quatre-vingts pompiers.",
			"« Le feu est maîtrisé, il n'y a aucun blessé », a indiqué le commandant des opérations de secours peu avant minuit.",
			"Une enquête a été ouverte pour déterminer l'origine du sinistre, qui a détruit deux mille mètres carrés de stockage.",
		},
	}
	Port = Story{
		Path: "/articles/port", Title: "Le port rouvre ses quais au public", Canonical: "/articles/port",
		Paras: []string{
			"Après dix ans de travaux, les nouveaux quais du vieux port ont accueilli plus d'un million de visiteurs depuis leur ouverture l'été dernier.",
			"« Nous voulions que le port appartienne de nouveau aux habitants », a expliqué l'architecte Maria Lopes.",
			"L'ancienne douane doit devenir une bibliothèque publique à partir de 2026.",
		},
	}
	// PortCopy is Port republished at another address without a canonical
	// link: the same text, stored once.
	PortCopy = Story{Path: "/syndication/port-copie", Title: Port.Title, Paras: Port.Paras}
)

// Page renders s as a full page with its boilerplate; base prefixes the
// canonical link.
func Page(s Story, base string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>` + s.Title + ` – Le Quotidien</title>`)
	if s.Canonical != "" {
		b.WriteString(`<link rel="canonical" href="` + base + s.Canonical + `">`)
	}
	b.WriteString(`<script>window.dataLayer = window.dataLayer || []; dataLayer.push({page: "article"});</script></head><body>`)
	b.WriteString(`<div id="menu"><a href="/">Accueil</a> <a href="/politique">Politique</a> <a href="/abonnement">S'abonner</a></div>`)
	b.WriteString(`<div class="cookie-banner">Nous utilisons des cookies pour mesurer l'audience. <span class="btn">Tout accepter</span></div>`)
	b.WriteString(`<div class="page"><article><h1>` + s.Title + `</h1>`)
	b.WriteString(`<div class="share-bar"><a href="#">Partager</a> | <a href="#">Tweeter</a> | <a href="#">Envoyer par e-mail</a></div>`)
	for _, p := range s.Paras {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString(`<div class="social-share"><a href="#">WhatsApp</a></div>`)
	b.WriteString(`<div class="related"><h3>À lire aussi</h3><ul><li><a href="/a">Les syndicats appellent à manifester</a></li></ul></div>`)
	b.WriteString(`</article></div><footer>© Le Quotidien – Mentions légales</footer></body></html>`)
	return b.String()
}

// Site is the running fake news site.
type Site struct {
	Server *httptest.Server
	URL    string

	mu   sync.Mutex
	hits map[string]int
	// Extra pages served as they are, by path.
	extra map[string]rawPage
}

// rawPage is an extra page: its Content-Type, its bytes, and how many
// bytes per second it trickles them (0: at once).
type rawPage struct {
	contentType string
	body        []byte
	bytesPerSec int
}

// RSSPath and AtomPath are the feeds' paths; the RSS feed is "Le
// Quotidien", the Atom feed "Dépêches".
const (
	RSSPath  = "/rss.xml"
	AtomPath = "/atom.xml"
)

// NewSite starts the site; it stops with the test.
func NewSite(t testing.TB) *Site {
	s := &Site{hits: map[string]int{}, extra: map[string]rawPage{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.Server.URL
	t.Cleanup(s.Server.Close)
	return s
}

// Serve adds a page served as body at path, as UTF-8 HTML.
func (s *Site) Serve(path, body string) {
	s.ServeRaw(path, "text/html; charset=utf-8", []byte(body))
}

// ServeRaw adds a page served at path with the given Content-Type (none
// when "") and bytes, in whatever charset they are.
func (s *Site) ServeRaw(path, contentType string, body []byte) {
	s.mu.Lock()
	s.extra[path] = rawPage{contentType: contentType, body: body}
	s.mu.Unlock()
}

// ServeSlow adds an HTML page at path that trickles its body at
// bytesPerSec, as a slow or hostile server does.
func (s *Site) ServeSlow(path string, body []byte, bytesPerSec int) {
	s.mu.Lock()
	s.extra[path] = rawPage{contentType: "text/html; charset=utf-8", body: body, bytesPerSec: max(bytesPerSec, 1)}
	s.mu.Unlock()
}

// Hits returns how often path was requested.
func (s *Site) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// AllHits returns the requests per path.
func (s *Site) AllHits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// ResetHits forgets the requests so far.
func (s *Site) ResetHits() {
	s.mu.Lock()
	s.hits = map[string]int{}
	s.mu.Unlock()
}

const (
	rssETag          = `"rss-v1"`
	atomLastModified = "Tue, 11 Feb 2025 09:00:00 GMT"
)

func (s *Site) rss() string {
	item := func(title, path, date string) string {
		return fmt.Sprintf("<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate><description>Résumé.</description></item>",
			title, s.URL, path, s.URL, path, date)
	}
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Le Quotidien</title><link>` + s.URL + `/</link><description>Actualités</description>` +
		item(Reforme.Title, Reforme.Path, "Thu, 03 Apr 2025 08:12:00 +0200") +
		item(Tram.Title, "/go/tram", "Tue, 18 Mar 2025 21:30:00 +0100") +
		item("Article en panne", "/articles/panne", "Mon, 17 Mar 2025 10:00:00 +0100") +
		item("Un dossier énorme", "/articles/enorme", "Sun, 16 Mar 2025 10:00:00 +0100") +
		item("Une page piégée", "/articles/profonde", "Sat, 15 Mar 2025 10:00:00 +0100") +
		item(Incendie.Title, Incendie.Path, "Tue, 11 Feb 2025 07:00:00 +0100") +
		`</channel></rss>`
}

func (s *Site) atom() string {
	entry := func(title, path, published string) string {
		return fmt.Sprintf(`<entry><title>%s</title><link href="%s%s"/><id>%s%s</id><published>%s</published><updated>%s</updated><summary>Résumé.</summary></entry>`,
			title, s.URL, path, s.URL, path, published, published)
	}
	return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Dépêches</title><id>` + s.URL + `/atom</id><updated>2025-02-11T09:00:00Z</updated>` +
		entry(Incendie.Title, Incendie.Path, "2025-02-10T23:10:00+01:00") +
		entry(Port.Title, Port.Path, "2024-11-02T10:00:00Z") +
		entry(PortCopy.Title, PortCopy.Path, "2024-11-03T10:00:00Z") +
		`</feed>`
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	extra, isExtra := s.extra[r.URL.Path]
	s.mu.Unlock()
	if ua := r.Header.Get("User-Agent"); !strings.Contains(strings.ToLower(ua), "verbatim") {
		http.Error(w, "no User-Agent naming the client", http.StatusForbidden)
		return
	}
	switch p := r.URL.Path; {
	case isExtra && extra.bytesPerSec > 0:
		w.Header().Set("Content-Type", extra.contentType)
		w.WriteHeader(http.StatusOK)
		flusher, _ := w.(http.Flusher)
		for i := 0; i < len(extra.body); i += extra.bytesPerSec {
			if _, err := w.Write(extra.body[i:min(i+extra.bytesPerSec, len(extra.body))]); err != nil {
				return
			}
			if flusher != nil {
				flusher.Flush()
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	case isExtra:
		if extra.contentType != "" {
			w.Header().Set("Content-Type", extra.contentType)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing: none sent
		}
		w.Write(extra.body)
	case p == RSSPath:
		if r.Header.Get("If-None-Match") == rssETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", rssETag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, s.rss())
	case p == AtomPath:
		if r.Header.Get("If-Modified-Since") == atomLastModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", atomLastModified)
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, s.atom())
	case p == "/go/tram":
		http.Redirect(w, r, Tram.Path, http.StatusFound)
	case p == "/articles/panne":
		http.Error(w, "boom", http.StatusInternalServerError)
	case p == "/articles/enorme":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><article><p>")
		chunk := strings.Repeat("Texte de remplissage sans fin. ", 1000)
		for n := 0; n < 10<<20; n += len(chunk) {
			fmt.Fprint(w, chunk)
		}
		fmt.Fprint(w, "</p></article></body></html>")
	case p == "/articles/profonde":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>"+strings.Repeat("<div>", 100000)+"Piège."+strings.Repeat("</div>", 100000)+"</body></html>")
	default:
		for _, st := range []Story{Reforme, Tram, Incendie, Port, PortCopy} {
			if st.Path == p {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, Page(st, s.URL))
				return
			}
		}
		http.NotFound(w, r)
	}
}
