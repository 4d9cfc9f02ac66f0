package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// IndexState is what the index gauges show.
type IndexState struct {
	Articles, Chunks int
	BuiltAt          time.Time
}

// WatchIndex exports the index served as gauges read at scrape time from
// state: articles, chunks and age. state returns ok false while no index
// is loaded; the gauges are then absent.
func (r *Registry) WatchIndex(state func() (IndexState, bool), now func() time.Time) error {
	if r == nil {
		return nil
	}
	return r.Register(&indexCollector{state: state, now: now})
}

var (
	indexArticlesDesc = prometheus.NewDesc(namespace+"_index_articles", "Articles in the index served.", nil, nil)
	indexChunksDesc   = prometheus.NewDesc(namespace+"_index_chunks", "Passages (chunks) in the index served.", nil, nil)
	indexAgeDesc      = prometheus.NewDesc(namespace+"_index_age_seconds", "Time since the index served was built.", nil, nil)
)

// indexCollector reads the index state at each scrape.
type indexCollector struct {
	state func() (IndexState, bool)
	now   func() time.Time
}

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- indexArticlesDesc
	ch <- indexChunksDesc
	ch <- indexAgeDesc
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	s, ok := c.state()
	if !ok {
		return
	}
	ch <- prometheus.MustNewConstMetric(indexArticlesDesc, prometheus.GaugeValue, float64(s.Articles))
	ch <- prometheus.MustNewConstMetric(indexChunksDesc, prometheus.GaugeValue, float64(s.Chunks))
	if !s.BuiltAt.IsZero() {
		ch <- prometheus.MustNewConstMetric(indexAgeDesc, prometheus.GaugeValue, c.now().Sub(s.BuiltAt).Seconds())
	}
}

// What made an index build, the trigger label of verbatim_reindex_runs_total.
const (
	TriggerReindex = "reindex" // an admin's /reindex
	TriggerFeeds   = "feeds"   // a feed pass that added articles
	TriggerAdd     = "add"     // /add, a link or a file sent to the bot
	TriggerStart   = "start"   // the index opened (loaded or built) at start
)

// IndexRun records one index build and its publication, or its failure,
// by trigger.
func (r *Registry) IndexRun(trigger string, err error) {
	if r == nil {
		return
	}
	r.reindexRuns.WithLabelValues(trigger, result(err)).Inc()
}

// Reindex records one /reindex run.
func (r *Registry) Reindex(err error) { r.IndexRun(TriggerReindex, err) }

// FeedRun records one feed fetch run.
func (r *Registry) FeedRun(err error) {
	if r == nil {
		return
	}
	r.feedRuns.WithLabelValues(result(err)).Inc()
}
