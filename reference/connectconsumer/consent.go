package connectconsumer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// maxConsentSteps bounds the pages the consumer submits before it must be redirected back.
const maxConsentSteps = 3

// consent plays the user agent: it opens the authorization URL, submits the page's form pressing
// its approve button, and reads the code from the redirect to redirect_uri, whose state must be
// the one sent.
func (s *session) consent(ctx context.Context, authURL, redirect, state string) (string, error) {
	status, h, body, err := s.do(ctx, http.MethodGet, authURL, "", "", nil)
	page := authURL
	for step := 0; err == nil && step < maxConsentSteps; step++ {
		if loc := h.Get("Location"); status/100 == 3 && loc != "" {
			return codeFrom(page, loc, redirect, state)
		}
		if status != http.StatusOK {
			return "", fmt.Errorf("the authorization page answered HTTP %d", status)
		}
		action, form, ferr := approveForm(page, body)
		if ferr != nil {
			return "", ferr
		}
		page = action
		status, h, body, err = s.do(ctx, http.MethodPost, action, "application/x-www-form-urlencoded", "", strings.NewReader(form.Encode()))
	}
	if err != nil {
		return "", err
	}
	if loc := h.Get("Location"); status/100 == 3 && loc != "" {
		return codeFrom(page, loc, redirect, state)
	}
	return "", fmt.Errorf("no redirect to the redirect URI after %d consent pages", maxConsentSteps)
}

// codeFrom reads the code of a redirect to redirect_uri whose state is the one sent.
func codeFrom(page, loc, redirect, state string) (string, error) {
	base, _ := url.Parse(page)
	to, err := base.Parse(loc)
	if err != nil || !strings.HasPrefix(to.String(), redirect) {
		return "", errors.New("the provider redirected elsewhere than the redirect URI")
	}
	q := to.Query()
	switch {
	case q.Get("error") != "":
		return "", fmt.Errorf("the provider refused the authorization: %s", q.Get("error"))
	case q.Get("state") != state:
		return "", errors.New("the redirect's state is not the one sent")
	case q.Get("code") == "":
		return "", errors.New("the redirect carries no code")
	}
	return q.Get("code"), nil
}

// approveForm finds the form holding an approve button on the page and returns its action and
// its fields, the button's included.
func approveForm(page string, body []byte) (string, url.Values, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return "", nil, errors.New("the authorization page is not HTML")
	}
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" && hasApprove(n) {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return "", nil, errors.New("the authorization page has no form with an approve button")
	}
	base, _ := url.Parse(page)
	action, err := base.Parse(attr(found, "action"))
	if err != nil || !strings.EqualFold(attr(found, "method"), "post") {
		return "", nil, errors.New("the consent form does not POST to a URL")
	}
	return action.String(), fields(found), nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func isApprove(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.Data == "button" || n.Data == "input") && attr(n, "name") == "approve"
}

func hasApprove(n *html.Node) bool {
	if isApprove(n) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasApprove(c) {
			return true
		}
	}
	return false
}

// fields are the form's input values (not its other buttons) and the approve button's.
func fields(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") != "" {
			switch t := strings.ToLower(attr(n, "type")); {
			case t == "submit" || t == "button":
			case (t == "checkbox" || t == "radio") && !hasAttr(n, "checked"):
			default:
				v.Add(attr(n, "name"), attr(n, "value"))
			}
		}
		if isApprove(n) {
			v.Set("approve", attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
