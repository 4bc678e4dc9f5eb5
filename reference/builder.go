package reference

import "time"

// builder writes the documents of one server: base is its origin.
type builder struct {
	c        *config
	base     string
	now      time.Time // the clock at start, to the second
	issuedOn time.Time
	expires  time.Time
	ids      ids
}

// ids are the random parts of the documents, drawn once in a fixed order.
type ids struct {
	signed, revokedSigned                       string // urn:uuid ids
	hostedSalt, revokedSalt, signedSalt, rsSalt string
}

func drawIDs(c *config) (ids, error) {
	var out ids
	var err error
	for _, p := range []*string{&out.signed, &out.revokedSigned} {
		if *p, err = uuidV4(c.random); err != nil {
			return ids{}, err
		}
		*p = "urn:uuid:" + *p
	}
	for _, p := range []*string{&out.hostedSalt, &out.revokedSalt, &out.signedSalt, &out.rsSalt} {
		if *p, err = randomHex(c.random, 16); err != nil {
			return ids{}, err
		}
	}
	return out, nil
}

func newBuilder(c *config, base string) (*builder, error) {
	ids, err := drawIDs(c)
	if err != nil {
		return nil, err
	}
	now := c.now().UTC().Truncate(time.Second)
	return &builder{c: c, base: base, ids: ids, now: now,
		issuedOn: now.Add(-30 * 24 * time.Hour), expires: now.AddDate(1, 0, 0)}, nil
}
