package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"verbatim/retrieval/dictd"
)

// config is everything the environment and .env configure. Flags override
// individual fields in each subcommand.
type config struct {
	TelegramToken  string
	TelegramAPIURL string
	WebhookURL     string
	WebhookListen  string
	WebhookSecret  string

	OpenAIKey           string
	OpenAIBaseURL       string
	ChatModel           string
	Embedder            string // "auto", "local" or "openai"
	EmbeddingModel      string
	EmbeddingDimensions int
	ModelTimeout        time.Duration

	CorpusDir string
	IndexDir  string

	// DatabaseURL switches to the PostgreSQL store (see database.go).
	DatabaseURL      string
	DatabasePoolSize int
	DatabaseTimeout  time.Duration
	DatabaseWatch    time.Duration
	DatabaseEfSearch int
	// DataDir holds, with no CORPUS_DIR, the seed and the articles of
	// feeds and of the bot's /add.
	DataDir string

	// Feeds is FEEDS: feed URLs, or a file of them.
	Feeds             string
	FeedInterval      time.Duration
	FeedHostDelay     time.Duration // negative: none
	FeedsAllowPrivate bool
	// FeedsContact is FEEDS_CONTACT, the operator's email or URL in the
	// feeds' User-Agent.
	FeedsContact string
	// DictionaryDir holds FreeDict dictionaries in dictd format for
	// retrieval across languages; "none" turns them off.
	DictionaryDir string

	AdminIDs       []int64
	AllowedUserIDs []int64
	AllowedChatIDs []int64
	RatePerMinute  int
	MaxConcurrent  int

	LogLevel slog.Level
	// LogLevelSet is false when LOG_LEVEL is unset: commands then pick
	// their own default (info for serve, warn for terminal commands).
	LogLevelSet bool
	// LogJSON writes logs as JSON lines (LOG_FORMAT=json).
	LogJSON bool

	// MetricsAddr serves /metrics, /healthz and /readyz when set.
	MetricsAddr string
}

// Defaults documented in .env.example.
const (
	defaultTelegramAPIURL = "https://api.telegram.org"
	defaultChatModel      = "gpt-4o-mini"
	defaultEmbeddingModel = "text-embedding-3-small"
	defaultListen         = ":8080"
)

// envSource reads variables from the process environment first and from a
// .env file second: .env never overrides a variable already set.
type envSource struct {
	getenv  func(string) string
	dotenv  map[string]string
	secrets map[string]bool
}

// newEnvSource reads path as a .env file; a missing file is fine, a
// malformed one is a usage error.
func newEnvSource(getenv func(string) string, path string) (*envSource, error) {
	src := &envSource{getenv: getenv, dotenv: map[string]string{}}
	if path == "" {
		return src, nil
	}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return src, nil
	case err != nil:
		return nil, usagef("read %s: %v", path, err)
	}
	m, err := godotenv.Unmarshal(string(raw))
	if err != nil {
		return nil, &usageError{
			msg:  fmt.Sprintf("%s:%d: %v", path, dotenvErrorLine(string(raw)), oneLine(err.Error())),
			hint: "Each line of .env is NAME=value (see .env.example); quote values with spaces.",
		}
	}
	src.dotenv = m
	return src, nil
}

// dotenvErrorLine is the line of the .env text raw that godotenv rejects:
// the one after the longest run of leading lines that parses. (A prefix
// may fail inside a quoted value spanning lines; the whole fails from the
// broken line on.)
func dotenvErrorLine(raw string) int {
	lines := strings.SplitAfter(raw, "\n")
	good := 0
	for k := 1; k <= len(lines); k++ {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:k], "")); err == nil {
			good = k
		}
	}
	return min(good+1, len(lines))
}

// expandHome turns a leading "~" or "~/" of path into home, as a shell
// would: CORPUS_DIR=~/news in .env or the environment works.
func expandHome(path, home string) string {
	if home == "" || (path != "~" && !strings.HasPrefix(path, "~/")) {
		return path
	}
	return filepath.Join(home, path[1:])
}

func (s *envSource) get(name string) string {
	if v := strings.TrimSpace(s.getenv(name)); v != "" {
		return v
	}
	return strings.TrimSpace(s.dotenv[name])
}

// path is the variable name holding a path, "~" expanded.
func (s *envSource) path(name string) string {
	return expandHome(s.get(name), s.home())
}

// home is the user's home folder: HOME, else the system's idea of it.
func (s *envSource) home() string {
	if h := s.get("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// loadConfig reads and validates every variable; a malformed value is a
// usage error naming the variable (never its value when it is a secret).
func loadConfig(src *envSource) (config, error) {
	c := config{
		TelegramToken:  src.get("TELEGRAM_BOT_TOKEN"),
		TelegramAPIURL: orDefault(src.get("TELEGRAM_API_URL"), defaultTelegramAPIURL),
		WebhookURL:     src.get("WEBHOOK_URL"),
		WebhookListen:  orDefault(src.get("WEBHOOK_LISTEN_ADDR"), defaultListen),
		WebhookSecret:  src.get("WEBHOOK_SECRET"),
		OpenAIKey:      src.get("OPENAI_API_KEY"),
		OpenAIBaseURL:  src.get("OPENAI_BASE_URL"),
		ChatModel:      orDefault(src.get("CHAT_MODEL"), defaultChatModel),
		Embedder:       strings.ToLower(orDefault(src.get("EMBEDDER"), "auto")),
		EmbeddingModel: orDefault(src.get("EMBEDDING_MODEL"), defaultEmbeddingModel),
		CorpusDir:      src.path("CORPUS_DIR"),
		IndexDir:       src.path("INDEX_DIR"),
		DatabaseURL:    src.get("DATABASE_URL"),
		DataDir:        dataDir(src),
		Feeds:          src.path("FEEDS"), // a file of feeds may be ~/feeds.txt; a URL never starts with ~
		DictionaryDir:  orDefault(src.path("DICTIONARY_DIR"), dictd.DefaultDir),
	}
	var err error
	if c.EmbeddingDimensions, err = intVar(src, "EMBEDDING_DIMENSIONS", 0); err != nil {
		return c, err
	}
	if c.RatePerMinute, err = intVar(src, "RATE_LIMIT_PER_MINUTE", 6); err != nil {
		return c, err
	}
	if c.MaxConcurrent, err = intVar(src, "MAX_CONCURRENT_ANSWERS", 4); err != nil {
		return c, err
	}
	if c.DatabasePoolSize, err = intVar(src, "DATABASE_POOL_SIZE", 0); err != nil {
		return c, err
	}
	if c.DatabaseTimeout, err = durationVar(src, "DATABASE_TIMEOUT", 10*time.Second); err != nil {
		return c, err
	}
	if c.DatabaseWatch, err = durationVar(src, "DATABASE_WATCH_INTERVAL", 2*time.Second); err != nil {
		return c, err
	}
	if c.DatabaseEfSearch, err = intVar(src, "DATABASE_EF_SEARCH", 0); err != nil {
		return c, err
	}
	if c.ModelTimeout, err = durationVar(src, "MODEL_TIMEOUT", 90*time.Second); err != nil {
		return c, err
	}
	if c.FeedInterval, err = durationVar(src, "FEED_INTERVAL", 15*time.Minute); err != nil {
		return c, err
	}
	switch v := src.get("FEED_HOST_DELAY"); v {
	case "":
		c.FeedHostDelay = 2 * time.Second
	case "0":
		c.FeedHostDelay = -1
	default:
		if c.FeedHostDelay, err = durationVar(src, "FEED_HOST_DELAY", 0); err != nil {
			return c, err
		}
	}
	switch v := strings.ToLower(src.get("FEEDS_ALLOW_PRIVATE")); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.FeedsAllowPrivate = true
	default:
		return c, usagef("FEEDS_ALLOW_PRIVATE must be 1 or 0, not %q", v)
	}
	c.FeedsContact = strings.TrimSpace(src.get("FEEDS_CONTACT"))
	if err := checkContact(c.FeedsContact); err != nil {
		return c, err
	}
	for _, v := range []struct {
		name string
		dst  *[]int64
	}{
		{"ADMIN_USER_IDS", &c.AdminIDs},
		{"ALLOWED_USER_IDS", &c.AllowedUserIDs},
		{"ALLOWED_CHAT_IDS", &c.AllowedChatIDs},
	} {
		if *v.dst, err = idList(v.name, src.get(v.name)); err != nil {
			return c, err
		}
	}
	c.LogLevelSet = src.get("LOG_LEVEL") != ""
	if c.LogLevel, err = logLevel(src.get("LOG_LEVEL")); err != nil {
		return c, err
	}
	switch f := strings.ToLower(src.get("LOG_FORMAT")); f {
	case "", "text":
	case "json":
		c.LogJSON = true
	default:
		return c, usagef("LOG_FORMAT must be text or json, not %q", f)
	}
	c.MetricsAddr = src.get("METRICS_ADDR")
	switch c.Embedder {
	case "auto", "local", "openai":
	default:
		return c, usagef("EMBEDDER must be auto, local or openai, not %q", c.Embedder)
	}
	for _, u := range []struct{ name, val string }{
		{"TELEGRAM_API_URL", c.TelegramAPIURL},
		{"OPENAI_BASE_URL", c.OpenAIBaseURL},
		{"WEBHOOK_URL", c.WebhookURL},
	} {
		if u.val != "" && !strings.HasPrefix(u.val, "http://") && !strings.HasPrefix(u.val, "https://") {
			return c, usagef("%s must be an http(s) URL", u.name)
		}
	}
	if c.TelegramToken != "" && strings.ContainsAny(c.TelegramToken, " /\t") {
		return c, usagef("TELEGRAM_BOT_TOKEN is malformed (it looks like 123456:ABC-DEF...)")
	}
	return c, nil
}

// dataDir is DATA_DIR, else $XDG_DATA_HOME/verbatim, else
// $HOME/.local/share/verbatim, else "".
func dataDir(src *envSource) string {
	if d := src.path("DATA_DIR"); d != "" {
		return d
	}
	if x := src.path("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "verbatim")
	}
	if h := src.get("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "verbatim")
	}
	return ""
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func intVar(src *envSource, name string, def int) (int, error) {
	v := src.get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, usagef("%s must be a non-negative integer, not %q", name, v)
	}
	return n, nil
}

func durationVar(src *envSource, name string, def time.Duration) (time.Duration, error) {
	v := src.get(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, usagef("%s must be a positive duration such as 90s, not %q", name, v)
	}
	return d, nil
}

// idList parses a comma- or space-separated list of Telegram ids.
func idList(name, v string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, usagef("%s must be a comma-separated list of numeric Telegram ids, not %q", name, v)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func logLevel(v string) (slog.Level, error) {
	switch strings.ToLower(v) {
	case "", "info":
		return slog.LevelInfo, nil
	case "debug":
		return slog.LevelDebug, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, usagef("LOG_LEVEL must be debug, info, warn or error, not %q", v)
}

// modelConfigured reports whether answers are written by a model.
func (c config) modelConfigured() bool { return c.OpenAIKey != "" || c.OpenAIBaseURL != "" }

// useOpenAIEmbeddings reports whether chunks are embedded by the API.
func (c config) useOpenAIEmbeddings() bool {
	switch c.Embedder {
	case "local":
		return false
	case "openai":
		return true
	}
	return c.OpenAIKey != ""
}

// indexDirFor returns where the index of corpusDir lives: dir when given,
// else a folder of the user cache directory named after the corpus, so two
// corpora never share an index and nothing is written inside the checkout.
func indexDirFor(dir, corpusDir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory (set INDEX_DIR): %w", err)
	}
	key := "seed"
	if corpusDir != "" {
		abs, err := filepath.Abs(corpusDir)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", corpusDir, err)
		}
		sum := sha256.Sum256([]byte(abs))
		key = filepath.Base(abs) + "-" + hex.EncodeToString(sum[:6])
	}
	return filepath.Join(cache, "verbatim", key), nil
}
