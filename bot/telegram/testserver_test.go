package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiServer is a fake Telegram Bot API speaking the real wire format:
// POST /bot<token>/<method> with multipart/form-data, url-encoded or JSON
// bodies, answers {"ok":true,"result":...} or {"ok":false,...}. getUpdates
// long-polls: it holds the request until an update is queued or the
// timeout passes. Sent messages are validated like Telegram does (length in
// UTF-16 units, HTML tags and entities) and recorded.
type apiServer struct {
	t     *testing.T
	token string
	srv   *httptest.Server
	me    map[string]any

	mu       sync.Mutex
	calls    []apiCall
	updates  []map[string]any
	nextUpd  int64
	nextMsg  int
	changed  chan struct{} // closed and replaced on every change
	failures map[string][]apiFailure
	// files are the documents users sent, by file_id, served by getFile
	// and /file/bot<token>/<file_path>.
	files map[string][]byte
	// hold, when set before the first call, runs before a call is
	// carried out, as the time Telegram takes over it: false when the
	// caller gave up meanwhile and Telegram never acted on it.
	hold func(r *http.Request, method string, params map[string]string) bool
}

// apiCall is one request the bot made.
type apiCall struct {
	Method string
	Params map[string]string
	Status int
	// At is when the server received the call.
	At time.Time
	// MessageID is the message a successful sendMessage created.
	MessageID int
}

// apiFailure is an error answer injected for the next call of a method.
type apiFailure struct {
	status int
	body   string
}

const (
	testBotID       = 777000
	testBotUsername = "VerbatimBot"
)

func newAPIServer(t *testing.T, token string) *apiServer {
	s := &apiServer{
		t:        t,
		token:    token,
		nextUpd:  100,
		nextMsg:  1000,
		changed:  make(chan struct{}),
		failures: map[string][]apiFailure{},
		files:    map[string][]byte{},
		me: map[string]any{
			"id": testBotID, "is_bot": true, "first_name": "Verbatim", "username": testBotUsername,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
		},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the server's base URL, for Config.APIURL.
func (s *apiServer) URL() string { return s.srv.URL }

// notifyLocked wakes long polls and waiters; s.mu must be held.
func (s *apiServer) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// fail makes the next call of method answer with status and Telegram's
// error body for description (and retry_after for 429).
func (s *apiServer) fail(method string, status int, description string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": status, "description": description}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	data, _ := json.Marshal(body)
	s.mu.Lock()
	s.failures[method] = append(s.failures[method], apiFailure{status: status, body: string(data)})
	s.mu.Unlock()
}

// push queues an update (update_id is assigned) and returns its id.
func (s *apiServer) push(update map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpd++
	update["update_id"] = s.nextUpd
	s.updates = append(s.updates, update)
	s.notifyLocked()
	return s.nextUpd
}

// user is a Telegram user object.
func user(id int64, lang string) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": "User" + strconv.FormatInt(id, 10), "language_code": lang}
}

// textMessage is a message update from a user in a chat; chatType is
// "private" or "supergroup".
func (s *apiServer) textMessage(chatID int64, chatType string, from map[string]any, text string, extra map[string]any) map[string]any {
	s.mu.Lock()
	s.nextMsg++
	id := s.nextMsg
	s.mu.Unlock()
	chat := map[string]any{"id": chatID, "type": chatType}
	if chatType == "private" {
		chat["first_name"] = from["first_name"]
	} else {
		chat["title"] = "Newsroom"
	}
	msg := map[string]any{"message_id": id, "date": time.Now().Unix(), "chat": chat, "from": from, "text": text}
	if strings.HasPrefix(text, "/") {
		word := strings.Fields(text)[0]
		msg["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(utf16Encode(word))}}
	}
	for k, v := range extra {
		msg[k] = v
	}
	return map[string]any{"message": msg}
}

// addFile stores a document users may send, for getFile.
func (s *apiServer) addFile(fileID string, data []byte) {
	s.mu.Lock()
	s.files[fileID] = data
	s.mu.Unlock()
}

func (s *apiServer) serve(w http.ResponseWriter, r *http.Request) {
	if p, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+s.token+"/"); ok && r.Method == http.MethodGet {
		// File downloads, as api.telegram.org/file/bot<token>/<file_path>.
		s.mu.Lock()
		data, found := s.files[strings.TrimPrefix(p, "documents/")]
		s.calls = append(s.calls, apiCall{Method: "file", Params: map[string]string{"path": p}, Status: 200})
		s.notifyLocked()
		s.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	prefix := "/bot" + s.token + "/"
	if r.Method != http.MethodPost && r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, prefix) {
		writeJSON(w, http.StatusNotFound, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	params, err := readParams(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, fmt.Sprintf(`{"ok":false,"error_code":400,"description":%q}`, "Bad Request: "+err.Error()))
		return
	}
	if s.hold != nil && !s.hold(r, method, params) {
		return
	}
	s.mu.Lock()
	if q := s.failures[method]; len(q) > 0 {
		f := q[0]
		s.failures[method] = q[1:]
		s.calls = append(s.calls, apiCall{Method: method, Params: params, Status: f.status, At: time.Now()})
		s.notifyLocked()
		s.mu.Unlock()
		writeJSON(w, f.status, f.body)
		return
	}
	s.mu.Unlock()

	if method == "getUpdates" {
		s.getUpdates(w, r, params)
		return
	}
	status, result := s.call(method, params)
	s.mu.Lock()
	c := apiCall{Method: method, Params: params, Status: status, At: time.Now()}
	if m, ok := result.(map[string]any); ok && method == "sendMessage" {
		c.MessageID, _ = m["message_id"].(int)
	}
	s.calls = append(s.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	if status != http.StatusOK {
		writeJSON(w, status, fmt.Sprintf(`{"ok":false,"error_code":%d,"description":%q}`, status, result))
		return
	}
	data, _ := json.Marshal(map[string]any{"ok": true, "result": result})
	writeJSON(w, http.StatusOK, string(data))
}

// call answers every method but getUpdates: status 200 and a result, or an
// error status and its description.
func (s *apiServer) call(method string, p map[string]string) (int, any) {
	switch method {
	case "getMe":
		return http.StatusOK, s.me
	case "getFile":
		s.mu.Lock()
		data, ok := s.files[p["file_id"]]
		s.mu.Unlock()
		if !ok {
			return http.StatusBadRequest, "Bad Request: invalid file_id"
		}
		return http.StatusOK, map[string]any{"file_id": p["file_id"], "file_unique_id": "u" + p["file_id"],
			"file_size": len(data), "file_path": "documents/" + p["file_id"]}
	case "getChatMember":
		// groupAdminID administers every group; anyone else is a member.
		status := "member"
		if p["user_id"] == strconv.Itoa(groupAdminID) {
			status = "administrator"
		}
		id, _ := strconv.ParseInt(p["user_id"], 10, 64)
		return http.StatusOK, map[string]any{"status": status, "user": map[string]any{"id": id, "is_bot": false, "first_name": "U"}}
	case "deleteWebhook", "setWebhook", "setMyCommands", "sendChatAction", "answerCallbackQuery", "deleteMessage":
		return http.StatusOK, true
	case "sendMessageDraft":
		if id, err := strconv.ParseInt(p["draft_id"], 10, 64); err != nil || id == 0 {
			return http.StatusBadRequest, "Bad Request: invalid draft_id"
		}
		if desc := checkText(p["text"], p["parse_mode"]); desc != "" {
			return http.StatusBadRequest, desc
		}
		return http.StatusOK, true
	case "sendMessage", "editMessageText":
		if desc := checkText(p["text"], p["parse_mode"]); desc != "" {
			return http.StatusBadRequest, desc
		}
		if rm := p["reply_markup"]; rm != "" {
			if desc := checkMarkup(rm); desc != "" {
				return http.StatusBadRequest, desc
			}
		}
		chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
		chatType := "private"
		if chatID < 0 {
			chatType = "supergroup"
		}
		id := 0
		if method == "editMessageText" {
			id, _ = strconv.Atoi(p["message_id"])
		} else {
			s.mu.Lock()
			s.nextMsg++
			id = s.nextMsg
			s.mu.Unlock()
		}
		text := p["text"]
		if p["parse_mode"] == "HTML" {
			text = plainText(text)
		}
		return http.StatusOK, map[string]any{
			"message_id": id, "date": time.Now().Unix(), "text": text,
			"chat": map[string]any{"id": chatID, "type": chatType},
			"from": s.me,
		}
	}
	return http.StatusNotFound, "Not Found: method not found"
}

// getUpdates long-polls for updates with id >= offset.
func (s *apiServer) getUpdates(w http.ResponseWriter, r *http.Request, p map[string]string) {
	offset, _ := strconv.ParseInt(p["offset"], 10, 64)
	timeout, _ := strconv.Atoi(p["timeout"])
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		// Updates below offset are confirmed: forget them.
		kept := s.updates[:0]
		for _, u := range s.updates {
			if u["update_id"].(int64) >= offset {
				kept = append(kept, u)
			}
		}
		s.updates = kept
		ready := append([]map[string]any(nil), s.updates...)
		changed := s.changed
		if len(ready) > 0 {
			s.calls = append(s.calls, apiCall{Method: "getUpdates", Params: p, Status: 200, At: time.Now()})
		}
		s.mu.Unlock()
		if len(ready) > 0 {
			data, _ := json.Marshal(map[string]any{"ok": true, "result": ready})
			writeJSON(w, http.StatusOK, string(data))
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			writeJSON(w, http.StatusOK, `{"ok":true,"result":[]}`)
			return
		case <-r.Context().Done():
			return
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// readParams decodes a Bot API request body in any of the encodings
// Telegram accepts. JSON values that are not strings are kept as their JSON
// text, as multipart clients send them.
func readParams(r *http.Request) (map[string]string, error) {
	params := map[string]string{}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		// The library sends an empty multipart body for methods without
		// parameters (getMe); Telegram accepts it.
		return params, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return nil, fmt.Errorf("multipart: %w", err)
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil && err != io.EOF {
			return nil, fmt.Errorf("json: %w", err)
		}
		for k, raw := range m {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				params[k] = s
			} else {
				params[k] = string(raw)
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	return params, nil
}

// checkText validates a message text like Telegram: 1–4096 UTF-16 units
// and, in HTML mode, valid markup. It returns Telegram's error description
// or "".
func checkText(text, parseMode string) string {
	if strings.TrimSpace(text) == "" {
		return "Bad Request: message text is empty"
	}
	visible := text
	if parseMode == "HTML" {
		if err := checkHTML(text); err != nil {
			return "Bad Request: can't parse entities: " + err.Error()
		}
		visible = plainText(text)
	}
	if utf16Len(visible) > MaxMessageUnits || utf16Len(text) > MaxMessageUnits {
		// The bot promises the stricter bound: raw text within the limit.
		return "Bad Request: message is too long"
	}
	return ""
}

// checkMarkup validates an inline keyboard's callback data (1–64 bytes).
func checkMarkup(raw string) string {
	var m struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return "Bad Request: can't parse reply keyboard markup JSON object"
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if n := len(b.CallbackData); n == 0 || n > 64 {
				return "Bad Request: BUTTON_DATA_INVALID"
			}
		}
	}
	return ""
}

// callsOf returns the recorded calls of method.
func (s *apiServer) callsOf(method string) []apiCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []apiCall
	for _, c := range s.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitCalls waits until pred holds for the calls of method recorded so far
// and returns them; it fails the test after timeout.
func (s *apiServer) waitCalls(t *testing.T, method string, timeout time.Duration, pred func([]apiCall) bool) []apiCall {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		s.mu.Lock()
		var got []apiCall
		for _, c := range s.calls {
			if c.Method == method {
				got = append(got, c)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if pred(got) {
			return got
		}
		select {
		case <-changed:
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s calls; got %d: %+v", method, len(got), got)
			return nil
		}
	}
}

// sentTo returns the successful sendMessage calls to chatID after the
// first skip ones.
func (s *apiServer) sentTo(chatID int64) []apiCall {
	var out []apiCall
	for _, c := range s.callsOf("sendMessage") {
		if c.Status == http.StatusOK && c.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			out = append(out, c)
		}
	}
	return out
}

// utf16Encode is the UTF-16 form of s, to compute entity offsets.
func utf16Encode(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			out = append(out, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}

// screen returns what a chat displays: the text of every message the bot
// sent to it, after the successful edits and deletions, by message id.
func (s *apiServer) screen(chatID int64) map[int]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := strconv.FormatInt(chatID, 10)
	out := map[int]string{}
	for _, c := range s.calls {
		if c.Status != http.StatusOK || c.Params["chat_id"] != chat {
			continue
		}
		id, _ := strconv.Atoi(c.Params["message_id"])
		switch c.Method {
		case "sendMessage":
			out[c.MessageID] = c.Params["text"]
		case "editMessageText":
			out[id] = c.Params["text"]
		case "deleteMessage":
			delete(out, id)
		}
	}
	return out
}
