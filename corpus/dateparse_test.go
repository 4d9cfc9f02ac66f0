package corpus

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string // Date.String()
		precision Precision
		fr, en    string // Display
	}{
		{"2025-04-26T10:00:00Z", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26T10:00:00+02:00", "2025-04-26T10:00:00+02:00", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26T10:00:00.123Z", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26T10:00:00", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26 10:00", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26 10:00:30", "2025-04-26T10:00:30Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"2025-04-26", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{" 2025-04-26 ", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"2025-04", "2025-04", PrecisionMonth, "avril 2025", "April 2025"},
		{"2025", "2025", PrecisionYear, "2025", "2025"},
		{"Sat, 26 Apr 2025 10:00:00 GMT", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"Sat, 26 Apr 2025 10:00:00 +0200", "2025-04-26T10:00:00+02:00", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"Thu, 1 May 2025 09:15:00 +0000", "2025-05-01T09:15:00Z", PrecisionTime, "1er mai 2025", "May 1, 2025"},
		{"26 Apr 25 10:00 UTC", "2025-04-26T10:00:00Z", PrecisionTime, "26 avril 2025", "April 26, 2025"},
		{"26 avril 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"1er mai 2025", "2025-05-01", PrecisionDay, "1er mai 2025", "May 1, 2025"},
		{"samedi 26 avril 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"le 3 février 2024", "2024-02-03", PrecisionDay, "3 février 2024", "February 3, 2024"},
		{"3 fevrier 2024", "2024-02-03", PrecisionDay, "3 février 2024", "February 3, 2024"},
		{"15 aout 2012", "2012-08-15", PrecisionDay, "15 août 2012", "August 15, 2012"},
		{"25 decembre 2012", "2012-12-25", PrecisionDay, "25 décembre 2012", "December 25, 2012"},
		{"12 déc. 2012", "2012-12-12", PrecisionDay, "12 décembre 2012", "December 12, 2012"},
		{"avril 2025", "2025-04", PrecisionMonth, "avril 2025", "April 2025"},
		{"Août 2012", "2012-08", PrecisionMonth, "août 2012", "August 2012"},
		{"April 26, 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"April 26th, 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"26 April 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"Apr 26, 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"Apr. 26, 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"April 2025", "2025-04", PrecisionMonth, "avril 2025", "April 2025"},
		{"Saturday, April 26, 2025", "2025-04-26", PrecisionDay, "26 avril 2025", "April 26, 2025"},
		{"Sept 2012", "2012-09", PrecisionMonth, "septembre 2012", "September 2012"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error: %v", tt.in, err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if d.Precision != tt.precision {
				t.Errorf("Precision = %v, want %v", d.Precision, tt.precision)
			}
			if got := d.Display("fr"); got != tt.fr {
				t.Errorf("Display(fr) = %q, want %q", got, tt.fr)
			}
			if got := d.Display("en"); got != tt.en {
				t.Errorf("Display(en) = %q, want %q", got, tt.en)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "hier", "31 février 2025", "32 avril 2025", "avril", "26 avril", "2025-13", "0025", "April 26", "lundi", "12/05/2025 et plus"} {
		t.Run(in, func(t *testing.T) {
			if d, err := ParseDate(in); err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", in, d)
			}
		})
	}
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
		ok   bool
	}{
		{"avril", time.April, true},
		{"Avril", time.April, true},
		{"avr.", time.April, true},
		{"février", time.February, true},
		{"fevrier", time.February, true},
		{"FÉVR", time.February, true},
		{"août", time.August, true},
		{"aout", time.August, true},
		{"décembre", time.December, true},
		{"decembre", time.December, true},
		{"juil.", time.July, true},
		{"mai", time.May, true},
		{"May", time.May, true},
		{"Sept", time.September, true},
		{"September", time.September, true},
		{"Apr", time.April, true},
		{"march", time.March, true},
		{"jour", 0, false},
		{"", 0, false},
		{"ju", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseMonth(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseMonth(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDatePrefix(t *testing.T) {
	tests := []struct {
		in   string
		want string
		n    int
		ok   bool
	}{
		{"2025-04 « Nos amis", "2025-04", 7, true},
		{"26 avril 2025 Le conseil", "2025-04-26", 13, true},
		{"samedi 26 avril 2025", "2025-04-26", 20, true},
		{"avril 2025 12 soldats", "2025-04", 10, true},
		{"Sat, 26 Apr 2025 10:00:00 GMT suite", "2025-04-26T10:00:00Z", 29, true},
		{"limite des inscriptions", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, n, ok := parseDatePrefix(tt.in)
			if ok != tt.ok || n != tt.n || d.String() != tt.want {
				t.Errorf("parseDatePrefix(%q) = %v, %d, %v, want %s, %d, %v", tt.in, d, n, ok, tt.want, tt.n, tt.ok)
			}
		})
	}
}

func TestDateUnmarshalText(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("1er mai 2025")); err != nil {
		t.Fatalf("UnmarshalText: %v", err)
	}
	b, _ := d.MarshalText()
	if got, want := string(b), "2025-05-01"; got != want {
		t.Errorf("round trip = %q, want %q", got, want)
	}
}

func TestHugeDateClipped(t *testing.T) {
	huge := "2025-04-26 " + strings.Repeat("not a date ", 10000)
	_, err := ParseDate(huge)
	if err == nil {
		t.Fatal("got no error, want one")
	}
	if n := utf8.RuneCountInString(err.Error()); n > 100 {
		t.Errorf("got an error of %d characters, want it cut: %.120s", n, err.Error())
	}
	if !strings.Contains(err.Error(), "2025-04-26 not a date") {
		t.Errorf("got %q, want the start of the field kept", err.Error())
	}
}
