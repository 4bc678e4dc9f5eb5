package connect

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/obcert/obcert"
)

// maxPageBytes bounds the consent page parsed.
const maxPageBytes = 1 << 20

// form is one HTML form of a page: its attributes and its successful controls.
type form struct {
	id, name, action, method string
	fields                   [][2]string // hidden and text inputs with their values, in order
	buttons                  map[string]string
	known                    map[string]bool
}

// submission builds the request that submits step's form on the page resp: the page's own
// values (hidden inputs kept), the step's fields and fieldsEnv on top, and the submit button's
// name=value.
func (c *Consumer) submission(resp *Response, step obcert.ConsentStep) (Request, error) {
	if len(resp.Body) > maxPageBytes {
		return Request{}, fmt.Errorf("the page is larger than the %d bytes obcert reads", maxPageBytes)
	}
	forms, err := parseForms(resp.Body)
	if err != nil {
		return Request{}, fmt.Errorf("the page is not HTML obcert can read: %v", err)
	}
	f, ok := pick(forms, step.Form)
	if !ok {
		return Request{}, fmt.Errorf("the page has no form %s (it has %d form(s))", describeForm(step.Form), len(forms))
	}
	vals := url.Values{}
	for _, kv := range f.fields {
		vals.Add(kv[0], kv[1])
	}
	names := make([]string, 0, len(step.Fields)+len(step.FieldsEnv))
	for name, v := range step.Fields {
		vals.Set(name, v)
		names = append(names, name)
	}
	for name, env := range step.FieldsEnv {
		v, ok := "", false
		if c.LookupEnv != nil {
			v, ok = c.LookupEnv(env)
		}
		if !ok {
			return Request{}, fmt.Errorf("the environment variable %s that fills field %s is not set", env, name)
		}
		vals.Set(name, v)
		names = append(names, name)
	}
	sort.Strings(names)
	for _, n := range names {
		if !f.known[n] {
			return Request{}, fmt.Errorf("the form %s has no field named %s", describeForm(step.Form), n)
		}
	}
	if step.Submit != "" {
		v, ok := f.buttons[step.Submit]
		if !ok {
			return Request{}, fmt.Errorf("the form %s has no submit button named %s", describeForm(step.Form), step.Submit)
		}
		vals.Set(step.Submit, v)
	}
	base, err := url.Parse(resp.URL)
	if err != nil {
		return Request{}, err
	}
	target, err := base.Parse(f.action)
	if err != nil {
		return Request{}, fmt.Errorf("the form's action %q is not a URL", f.action)
	}
	if strings.EqualFold(f.method, http.MethodGet) {
		target.RawQuery = vals.Encode()
		return Request{Method: http.MethodGet, URL: target.String()}, nil
	}
	return Request{Method: http.MethodPost, URL: target.String(),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte(vals.Encode())}, nil
}

func describeForm(sel string) string {
	if sel == "" {
		return "(the page's first form)"
	}
	return fmt.Sprintf("%q (by id, name or action)", sel)
}

func pick(forms []*form, sel string) (*form, bool) {
	for _, f := range forms {
		if sel == "" || f.id == sel || f.name == sel || (f.action != "" && strings.Contains(f.action, sel)) {
			return f, true
		}
	}
	return nil, false
}

// parseForms reads the forms of an HTML page and their controls.
func parseForms(page []byte) ([]*form, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	var forms []*form
	var walk func(n *html.Node, cur *form, depth int)
	walk = func(n *html.Node, cur *form, depth int) {
		if depth > 256 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "form":
				cur = &form{id: attr(n, "id"), name: attr(n, "name"), action: attr(n, "action"), method: attr(n, "method"),
					buttons: map[string]string{}, known: map[string]bool{}}
				forms = append(forms, cur)
			case "input", "button", "select", "textarea":
				if cur != nil {
					cur.control(n)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, cur, depth+1)
		}
	}
	walk(doc, nil, 0)
	return forms, nil
}

// control adds an input, button, select or textarea to the form.
func (f *form) control(n *html.Node) {
	name := attr(n, "name")
	if name == "" {
		return
	}
	f.known[name] = true
	typ := strings.ToLower(attr(n, "type"))
	switch {
	case n.Data == "button" || typ == "submit" || typ == "image":
		f.buttons[name] = attr(n, "value")
	case typ == "checkbox" || typ == "radio":
		if _, checked := attrOK(n, "checked"); checked {
			f.fields = append(f.fields, [2]string{name, valueOr(n, "on")})
		}
	case n.Data == "textarea":
		if n.FirstChild != nil {
			f.fields = append(f.fields, [2]string{name, n.FirstChild.Data})
		} else {
			f.fields = append(f.fields, [2]string{name, ""})
		}
	case n.Data == "select":
		f.fields = append(f.fields, [2]string{name, selected(n)})
	default:
		f.fields = append(f.fields, [2]string{name, attr(n, "value")})
	}
}

func selected(n *html.Node) string {
	first := ""
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == "option" {
			v := valueOr(ch, text(ch))
			if first == "" {
				first = v
			}
			if _, ok := attrOK(ch, "selected"); ok {
				return v
			}
		}
	}
	return first
}

func text(n *html.Node) string {
	if n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
		return strings.TrimSpace(n.FirstChild.Data)
	}
	return ""
}

func valueOr(n *html.Node, def string) string {
	if v, ok := attrOK(n, "value"); ok {
		return v
	}
	return def
}

func attr(n *html.Node, key string) string { v, _ := attrOK(n, key); return v }

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}
