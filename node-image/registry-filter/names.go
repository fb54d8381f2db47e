package main

import (
	"regexp"
	"strings"
)

// A repository path component as the OCI distribution spec defines it.
const component = `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`

var componentPattern = regexp.MustCompile(`^` + component + `$`)

// readRoute is every read the filter lets through to a repository: a manifest by tag or digest, a blob
// by digest, the tag list and the referrers of a digest. Nothing else under /v2/<name>/ (uploads in
// particular) passes. The name is matched whole against the spec's grammar, so "..", "%2F", "//" or
// upper case never reach the registry as something other than what was checked.
var readRoute = regexp.MustCompile(`^/v2/(` + component + `(?:/` + component + `)*)/` +
	`(?:manifests/(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})` +
	`|blobs/(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})` +
	`|tags/list` +
	`|referrers/(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))$`)

func isComponent(s string) bool {
	return len(s) <= 255 && componentPattern.MatchString(s)
}

// repositoryOf is the repository a read names, or false when the path is no read the filter knows.
func repositoryOf(path string) (string, bool) {
	m := readRoute.FindStringSubmatch(path)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// visible says whether a cluster whose owner has namespace ns may read repository name: its owner's
// own repositories ("<ns>/…", the only paths the backend ever gives a participant's builds) and the
// shared ones, which have a single path component ("hello-world-wasi-rust") — no participant's build can
// be pushed there, only the host's operator pushes them. An empty ns sees the shared ones only.
func visible(ns, name string) bool {
	if !strings.Contains(name, "/") {
		return true
	}
	return ns != "" && strings.HasPrefix(name, ns+"/")
}
