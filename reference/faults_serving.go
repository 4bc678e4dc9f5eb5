package reference

import (
	"slices"

	"github.com/obcert/obcert"
)

// The issuer's faults that change how it serves: the bytes of its images, the headers of its
// answers, and the signature of its signed badge.
var servingFaults = withRole(obcert.RoleIssuer,
	Fault{Name: "bad-signature", Requirements: []string{"VERIFY-19"}, Level: obcert.MUST,
		Description: "the signature of the signed badge's JWS is corrupted",
		Specs:       []string{"issuer/badges-valid", "issuer/signature-verifies"},
		effect:      []hook{whileSigning(pathSigned, corruptSignature)}},
	Fault{Name: "png-not-baked", Requirements: []string{"ISSUER-01"}, Level: obcert.MUST,
		Description: pathHostedPNG + " carries no openbadges chunk",
		// A PNG with no openbadges chunk is also not baked as BAKE-02 asks (issuer/png-baking).
		Specs:  []string{"issuer/badges-valid", "issuer/baked-badge", "issuer/png-baking"},
		effect: []hook{editFile(pathHostedPNG, unbakePNG)}},
	Fault{Name: "png-compressed-chunk", Requirements: []string{"BAKE-04"}, Level: obcert.MUST,
		Description: "the openbadges iTXt chunk of " + pathHostedPNG + " is compressed",
		Specs:       []string{"issuer/badges-valid", "issuer/png-baking"},
		effect:      []hook{editFile(pathHostedPNG, compressChunk)}},
	Fault{Name: "png-duplicate-chunk", Requirements: []string{"BAKE-06"}, Level: obcert.MUST,
		Description: pathHostedPNG + " holds two openbadges iTXt chunks",
		Specs:       []string{"issuer/badges-valid", "issuer/png-baking"},
		effect:      []hook{editFile(pathHostedPNG, duplicateChunk)}},
	Fault{Name: "svg-duplicate-assertion", Requirements: []string{"BAKE-15"}, Level: obcert.MUST,
		Description: pathSignedSVG + " holds two openbadges:assertion elements",
		Specs:       []string{"issuer/badges-valid", "issuer/svg-baking"},
		effect:      []hook{editFile(pathSignedSVG, svgDuplicateAssertion)}},
	Fault{Name: "svg-missing-namespace", Requirements: []string{"BAKE-10"}, Level: obcert.MUST,
		Description: "the root svg element of " + pathSignedSVG + " does not declare xmlns:openbadges",
		Specs:       []string{"issuer/badges-valid", "issuer/svg-baking"},
		effect:      []hook{editFile(pathSignedSVG, svgOmitNamespace)}},
	Fault{Name: "badge-image-jpeg", Requirements: []string{"OBJ-12"}, Level: obcert.MUST,
		Description: "the BadgeClass image is a JPEG (image/jpeg)",
		Specs:       []string{"issuer/badges-valid", "issuer/data-model"},
		effect:      []hook{editFile(pathBadgeImage, pngToJPEG)}},
	// ISSUER-08: "A hosted Assertion is served as application/ld+json and/or application/json."
	// Neither type is then what content negotiation gives: issuer/content-negotiation fails too.
	Fault{Name: "content-type-text-plain", Requirements: []string{"ISSUER-08"}, Level: obcert.MUST,
		Description: "hosted Assertions are served as text/plain",
		Specs:       []string{"issuer/badges-valid", "issuer/content-negotiation", "issuer/hosted-content-type"},
		effect:      []hook{wrap(serveJSONAs(typePlain), pathHosted, pathRevoked)}},
)

// catalogue is every fault of every part.
var catalogue = slices.Concat(documentFaults, shouldFaults, servingFaults, displayerFaults(), hostFaults(), connectFaults(), connectConsumerFaults())
