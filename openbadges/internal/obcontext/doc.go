// Package obcontext embeds the OB v2 JSON-LD context once, for the packages that read it.
package obcontext
