package suites

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/openbadges/verify"
)

// CheckBadgeRef checks one badge of a candidate file: exactly one of url, file and jws; a url is
// absolute http(s); a file exists beside the candidate file (dir) and holds at most 16 MiB.
func CheckBadgeRef(ref obcert.BadgeRef, dir string) error {
	set := 0
	for _, v := range []string{ref.URL, ref.File, ref.JWS} {
		if v != "" {
			set++
		}
	}
	switch {
	case set != 1:
		return errors.New("set exactly one of url, file, jws")
	case ref.URL != "":
		return CheckURL("url", ref.URL)
	case ref.File != "":
		if err := CheckFile(dir, ref.File, limits.MaxBadgeBytes); err != nil {
			return fmt.Errorf("file: %w", err)
		}
	}
	return nil
}

// CheckURL checks that raw, the value of field, is an absolute http(s) URL.
func CheckURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %q does not parse: %v", field, raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: %q is not an absolute http(s) URL", field, raw)
	}
	return nil
}

// CheckFile checks that name, relative to dir unless absolute, is a regular file of at most
// limit bytes.
func CheckFile(dir, name string, limit int64) error {
	st, err := os.Stat(ResolvePath(dir, name))
	switch {
	case err != nil:
		return fmt.Errorf("%q: %w", name, errors.Unwrap(err))
	case !st.Mode().IsRegular():
		return fmt.Errorf("%q is not a regular file", name)
	case st.Size() > limit:
		return fmt.Errorf("%q is larger than %s", name, limits.Size(limit))
	}
	return nil
}

// ResolvePath is name relative to dir, unless it is absolute.
func ResolvePath(dir, name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// BadgeInput is what the verification core is given for ref: its URL or JWS, or its file's bytes
// (read from the candidate file's folder, at most limits.MaxBadgeBytes).
func BadgeInput(env *Env, ref obcert.BadgeRef) (verify.Input, error) {
	switch {
	case ref.URL != "":
		return verify.Input{Value: ref.URL}, nil
	case ref.JWS != "":
		return verify.Input{Value: ref.JWS}, nil
	case ref.File != "":
		b, err := limits.ReadFile(ResolvePath(env.BaseDir, ref.File), limits.MaxBadgeBytes)
		return verify.Input{Data: b, Name: ref.File}, err
	}
	return verify.Input{}, fmt.Errorf("the badge names no url, file or jws")
}
