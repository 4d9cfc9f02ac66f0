package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	dotenv := filepath.Join(dir, ".env")
	if err := os.WriteFile(dotenv, []byte("CHAT_MODEL=from-dotenv\nCORPUS_DIR=/dotenv/corpus\nADMIN_USER_IDS=1,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := newEnvSource(mapEnv(map[string]string{"CHAT_MODEL": "from-env"}), dotenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"environment wins over .env", cfg.ChatModel, "from-env"},
		{".env fills what is unset", cfg.CorpusDir, "/dotenv/corpus"},
		{"id list", cfg.AdminIDs, []int64{1, 2}},
		{"default embedding model", cfg.EmbeddingModel, defaultEmbeddingModel},
		{"default Telegram API", cfg.TelegramAPIURL, defaultTelegramAPIURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestMissingDotenvIsFine(t *testing.T) {
	if _, err := newEnvSource(mapEnv(nil), filepath.Join(t.TempDir(), ".env")); err != nil {
		t.Errorf("got %v, want no error for a missing .env", err)
	}
}

func TestLoadConfigMalformed(t *testing.T) {
	tests := []struct {
		name, val string
	}{
		{"ADMIN_USER_IDS", "abc"},
		{"ALLOWED_USER_IDS", "12,x"},
		{"ALLOWED_CHAT_IDS", "-100;zz"},
		{"EMBEDDING_DIMENSIONS", "many"},
		{"LOG_LEVEL", "loud"},
		{"OPENAI_BASE_URL", "localhost:11434"},
		{"TELEGRAM_API_URL", "ftp://x"},
		{"MODEL_TIMEOUT", "soon"},
		{"EMBEDDER", "magic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := newEnvSource(mapEnv(map[string]string{tt.name: tt.val}), "")
			_, err := loadConfig(src)
			var u *usageError
			if !errors.As(err, &u) {
				t.Fatalf("got %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.name) {
				t.Errorf("got %q, want the message to name %s", err, tt.name)
			}
		})
	}
}

func TestSecretsNotInErrors(t *testing.T) {
	const token = "123456:SECRET token"
	src, _ := newEnvSource(mapEnv(map[string]string{"TELEGRAM_BOT_TOKEN": token}), "")
	_, err := loadConfig(src)
	if err == nil {
		t.Fatal("got nil, want an error for a malformed token")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("got %q, the error must not contain the token", err)
	}
}

func TestIndexDirFor(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	seed, err := indexDirFor("", "")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := indexDirFor("", "/data/a")
	b, _ := indexDirFor("", "/data/b")
	explicit, _ := indexDirFor("/tmp/ix", "/data/a")
	if filepath.Base(seed) != "seed" || a == b || explicit != "/tmp/ix" {
		t.Errorf("got seed=%s a=%s b=%s explicit=%s; want distinct cache folders and the explicit dir", seed, a, b, explicit)
	}
	cwd, _ := os.Getwd()
	if strings.HasPrefix(seed, cwd) {
		t.Errorf("got %s, want the index outside the checkout", seed)
	}
}
