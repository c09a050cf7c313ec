package importer

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"pantau/geo"
)

// CSV separators: files from Indonesian-locale spreadsheets (Excel's "CSV"
// with the regional list separator) use ';' and write decimals with a
// comma; tab-separated exports exist too.
var csvSeparators = []rune{',', ';', '\t'}

// separatorName names a separator in messages.
func separatorName(r rune) string {
	switch r {
	case ',':
		return "comma ','"
	case ';':
		return "semicolon ';'"
	case '\t':
		return "tab"
	}
	return "'" + string(r) + "'"
}

// prepareCSV skips a UTF-8 byte order mark and, when delim is 0, detects
// the separator from the header line: the candidate that occurs most often
// outside quotes (comma when none does). It returns the reader to parse
// from and the separator.
func prepareCSV(r io.Reader, delim rune) (io.Reader, rune) {
	br := bufio.NewReaderSize(r, MaxCSVRecord)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	if delim != 0 {
		return br, delim
	}
	var head []byte
	for n := 512; ; n *= 2 {
		b, err := br.Peek(min(n, MaxCSVRecord))
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			head = b[:i]
			break
		}
		if err != nil || n >= MaxCSVRecord {
			head = b
			break
		}
	}
	counts := map[rune]int{}
	quoted := false
	for _, b := range head {
		if b == '"' {
			quoted = !quoted
		} else if !quoted {
			counts[rune(b)]++
		}
	}
	delim = ','
	for _, c := range csvSeparators {
		if counts[c] > counts[delim] {
			delim = c
		}
	}
	return br, delim
}

// ParseDelimiter reads a separator as given on the command line or in a
// request: "," "comma", ";" "semicolon", "tab" (or a tab); "" and "auto"
// mean detect (0).
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "\t", "tab", `\t`:
		return '\t', nil
	}
	return 0, geo.RImportBadDelimiter.FieldErrorf("delimiter", "delimiter %q: want comma, semicolon, tab or auto", s)
}
