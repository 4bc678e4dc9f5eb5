package redact

import (
	"io"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every secret.
const Redacted = "REDACTED"

// Fields are the query parameters and form or JSON fields whose values are secrets.
var fields = []string{
	"client_secret", "access_token", "refresh_token", "code_verifier", "code", "id_token", "password",
	"token", "api_key", "apikey", "key", "sig", "signature", "x-api-key",
}

// Headers carry credentials.
var Headers = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key"}

var (
	fieldSet  = map[string]bool{}
	paramRE   *regexp.Regexp
	headerRE  *regexp.Regexp
	userinfoR = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#@\s"'<>]+@`)
)

func init() {
	quoted := make([]string, len(fields))
	for i, f := range fields {
		fieldSet[f] = true
		quoted[i] = regexp.QuoteMeta(f)
	}
	// A parameter follows a word boundary, or a JSON-escaped & (\u0026) in an encoded URL.
	paramRE = regexp.MustCompile(`(?i)(\\u0026|\b)(` + strings.Join(quoted, "|") + `)=[^&\s#"'<>\\]*`)
	hs := make([]string, len(Headers))
	for i, h := range Headers {
		hs[i] = regexp.QuoteMeta(h)
	}
	// A header value ends at a line break, a quote or a backslash: in JSON text (a recorded body
	// quoting "Authorization: Bearer …") the escaped quote that ends the string must survive.
	headerRE = regexp.MustCompile(`(?im)\b(` + strings.Join(hs, "|") + `)(\s*:\s*)[^\r\n"\\]+`)
}

// IsSecretField reports whether a query parameter, form or JSON field holds a secret.
func IsSecretField(name string) bool { return fieldSet[strings.ToLower(name)] }

// Text redacts secrets written in free text: URL userinfo, name=value parameters of secret
// fields (a colon just after the value, as in an error that quotes a URL, is kept) and header
// lines of credential headers.
func Text(s string) string {
	s = userinfoR.ReplaceAllString(s, "${1}"+Redacted+"@")
	s = paramRE.ReplaceAllStringFunc(s, func(m string) string {
		name, value, _ := strings.Cut(m, "=") // name keeps the \u0026 it follows
		if strings.HasSuffix(value, ":") {
			return name + "=" + Redacted + ":"
		}
		return name + "=" + Redacted
	})
	return headerRE.ReplaceAllString(s, "${1}${2}"+Redacted)
}

// Redactor redacts Text and, besides, every value it was given (the values of the environment
// variables a candidate file names). It is safe for concurrent use.
type Redactor struct {
	mu     sync.Mutex
	values []string
}

// New returns a Redactor of values.
func New(values ...string) *Redactor {
	r := &Redactor{}
	r.Add(values...)
	return r
}

// minValue is the shortest value redacted literally: shorter ones would blank ordinary text.
const minValue = 4

// Add adds secret values, longest first so that a value containing another is replaced whole.
func (r *Redactor) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if len(v) >= minValue {
			r.values = append(r.values, v)
		}
	}
	sort.Slice(r.values, func(i, j int) bool { return len(r.values[i]) > len(r.values[j]) })
}

// String redacts s.
func (r *Redactor) String(s string) string {
	r.mu.Lock()
	values := r.values
	r.mu.Unlock()
	for _, v := range values {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return Text(s)
}

// Bytes redacts b.
func (r *Redactor) Bytes(b []byte) []byte { return []byte(r.String(string(b))) }

// Writer returns a writer that redacts each write before passing it to w. Each write should be
// a whole message (a line, a report), as fmt.Fprintf makes.
func (r *Redactor) Writer(w io.Writer) io.Writer { return &writer{r: r, w: w} }

type writer struct {
	r *Redactor
	w io.Writer
}

func (w *writer) Write(p []byte) (int, error) {
	if _, err := w.w.Write(w.r.Bytes(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap returns the writer redacted into (to tell a terminal).
func (w *writer) Unwrap() io.Writer { return w.w }

// Value redacts, in place, every string reachable from v (a pointer): struct fields, slice and
// array elements, map values.
func (r *Redactor) Value(v any) { r.walk(reflect.ValueOf(v), 0) }

func (r *Redactor) walk(v reflect.Value, depth int) {
	if depth > 32 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			r.walk(v.Elem(), depth+1)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(r.String(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.walk(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.walk(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.Type().Elem().Kind() == reflect.String {
			for _, k := range v.MapKeys() {
				v.SetMapIndex(k, reflect.ValueOf(r.String(v.MapIndex(k).String())).Convert(v.Type().Elem()))
			}
		}
	}
}

// EnvNames returns the values of every string field whose name ends in Env, reachable from v:
// the names of the environment variables that hold the candidate's secrets.
func EnvNames(v any) []string {
	var out []string
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if depth > 32 {
			return
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), depth+1)
			}
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				if strings.HasSuffix(f.Name, "Env") && f.Type.Kind() == reflect.String && v.Field(i).String() != "" {
					out = append(out, v.Field(i).String())
					continue
				}
				// A map of field → variable name (a consent step's FieldsEnv).
				if strings.HasSuffix(f.Name, "Env") && f.Type.Kind() == reflect.Map && f.Type.Elem().Kind() == reflect.String {
					for _, k := range v.Field(i).MapKeys() {
						if name := v.Field(i).MapIndex(k).String(); name != "" {
							out = append(out, name)
						}
					}
					continue
				}
				walk(v.Field(i), depth+1)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), depth+1)
			}
		}
	}
	walk(reflect.ValueOf(v), 0)
	return out
}
