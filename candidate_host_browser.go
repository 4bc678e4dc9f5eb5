package obcert

// BrowserHost is the product's import page and badge page, for host.mode browser.
type BrowserHost struct {
	// Import is the URL of the page with the import form.
	Import string `json:"import" yaml:"import"`
	// Badge is the URL of the page that shows one imported badge and its export links; {id} is
	// replaced by the id the import page showed.
	Badge string `json:"badge" yaml:"badge"`
	// Selectors are CSS selectors on those pages.
	Selectors HostSelectors `json:"selectors" yaml:"selectors"`
}

// HostSelectors are CSS selectors on the import page (Upload, Paste, Account, Submit, then
// Imported or Refused on the page the form answers with) and on the badge page (Status and the
// export links).
type HostSelectors struct {
	// Upload is the <input type=file> a baked PNG or SVG is uploaded through.
	Upload string `json:"upload" yaml:"upload"`
	// Paste is the field a badge URL, a compact JWS or the Assertion JSON is typed into.
	Paste string `json:"paste" yaml:"paste"`
	// Account is the field the account's recipient identity is typed into, if the form has one.
	Account string `json:"account,omitempty" yaml:"account,omitempty"`
	// Submit is the control that sends the form.
	Submit string `json:"submit" yaml:"submit"`
	// Imported is where the answer page shows the imported badge's id.
	Imported string `json:"imported" yaml:"imported"`
	// Refused is where the answer page says the import was refused, and why.
	Refused string `json:"refused" yaml:"refused"`
	// Status is where the badge page shows the badge's status (valid, revoked, expired, ...).
	Status string `json:"status,omitempty" yaml:"status,omitempty"`
	// Export is the link that downloads the badge as JSON; ExportPNG and ExportSVG, when the
	// product bakes exports, download it baked.
	Export    string `json:"export" yaml:"export"`
	ExportPNG string `json:"exportPNG,omitempty" yaml:"exportPNG,omitempty"`
	ExportSVG string `json:"exportSVG,omitempty" yaml:"exportSVG,omitempty"`
}
