package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// benchTurn is a turn of a realistic size: an answer of a few sentences
// with three cited quotes (about 1.5 KB of JSON).
func benchTurn(i int, at time.Time) Turn {
	var cites []Citation
	for n := 1; n <= 3; n++ {
		cites = append(cites, Citation{N: n, Quote: strings.Repeat("« une citation exacte » ", 4), DocID: "a" + strconv.Itoa(i%500),
			ChunkID: fmt.Sprintf("a%d#%d", i%500, n), QuoteStart: 40 * n, QuoteEnd: 40*n + 96, Verified: true})
	}
	return Turn{Question: "Qu’a déclaré Maria Zakharova au sujet de la question " + strconv.Itoa(i) + " ?",
		Answer: Answer{Text: strings.Repeat("Selon l’article, la porte-parole a déclaré ceci [1]. ", 6), Lang: "fr", Citations: cites}, At: at}
}

// fillConversations writes chats chats into a new store at path, the
// first active ones with DefaultConversationTurns turns, the others with
// two (about 3.5 KB a chat, as measured in issue 24's 20,000-chat file), the way OpenConversations keeps them,
// through a handle of its own that is closed again (so that its mapped
// pages leave the process).
func fillConversations(b *testing.B, path string, chats, active int, at time.Time) {
	b.Helper()
	keep := NewRetention(0, 0, nil)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const batch = 5000
	for start := 0; start < chats; start += batch {
		err := db.Update(func(tx *bolt.Tx) error {
			for _, name := range [][]byte{chatsBucket, newestBucket} {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			for c := start; c < min(chats, start+batch); c++ {
				var turns []Turn
				n := 2
				if c < active {
					n = keep.MaxTurns
				}
				for i := range n {
					turns = append(turns, benchTurn(c*10+i, at))
				}
				if err := putTurns(tx, "chat-"+strconv.Itoa(c), turns); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// rssMB returns the process's resident memory of a kind ("RssAnon": its
// own, "RssFile": mapped file pages, reclaimable) in MB, from
// /proc/self/status (0 elsewhere).
func rssMB(kind string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, kind+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkConversationsAnswer measures the store work of one answer in
// Telegram (Turns of the chat, then Append and Save of the new turn) on
// a store of 1,000 active chats alone ("chats=1000") and among 100,000
// stored chats ("chats=100000"), in the same run: the acceptance is that
// the second is within 1.2x of the first in time, allocations and memory
// (after the loop, rss-anon-MB: the process's own resident memory,
// rss-file-MB: the file pages it maps, which the kernel may reclaim;
// heap-MB: the live heap after a GC).
// Run with:
// go test ./bot -run '^$' -bench BenchmarkConversationsAnswer -benchmem -benchtime 2000x
func BenchmarkConversationsAnswer(b *testing.B) {
	const active = 1000
	for _, chats := range []int{active, 100_000} {
		b.Run("chats="+strconv.Itoa(chats), func(b *testing.B) {
			now := time.Now()
			path := filepath.Join(b.TempDir(), "conversations.db")
			fillConversations(b, path, chats, active, now)
			debug.FreeOSMemory()
			s, err := OpenConversations(path, 24*time.Hour, 0, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				key := "chat-" + strconv.Itoa(i%active)
				if len(s.Turns(key)) == 0 {
					b.Fatalf("chat %s has no turns", key)
				}
				s.Append(key, benchTurn(i, time.Time{}))
				if err := s.Save(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(rssMB("RssAnon"), "rss-anon-MB")
			b.ReportMetric(rssMB("RssFile"), "rss-file-MB")
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		})
	}
}
