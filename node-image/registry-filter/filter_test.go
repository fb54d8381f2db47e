package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The registry behind the filter, as far as the filter uses it: every read answers 200 naming its path;
// the catalog (sorted, as Distribution keeps it) comes in pages of two.
func fakeRegistry(t *testing.T, repositories []string) *url.URL {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/_catalog" {
			var page []string
			for _, name := range repositories {
				if name > r.URL.Query().Get("last") && len(page) < 2 {
					page = append(page, name)
				}
			}
			if len(page) == 2 && page[1] != repositories[len(repositories)-1] {
				w.Header().Set("Link", `</v2/_catalog?last=`+page[1]+`&n=2>; rel="next"`)
			}
			json.NewEncoder(w).Encode(map[string][]string{"repositories": page})
			return
		}
		io.WriteString(w, "upstream "+r.Method+" "+r.URL.Path)
	}))
	t.Cleanup(server.Close)
	u, _ := url.Parse(server.URL)
	return u
}

var (
	aliceAddr = netip.MustParseAddr("172.30.0.2")
	bobAddr   = netip.MustParseAddr("172.31.0.2")
	stored    = []string{"alice/hello-c", "alice/hello-rust", "bob/hello-rust", "hello-world-wasi-rust", "zeta"}
)

func testFilter(t *testing.T) *filter {
	table := accessTable{aliceAddr: "alice", bobAddr: "bob"}
	f := newFilter(fakeRegistry(t, stored), func() accessTable { return table }, &sparseLog{logger: log.New(io.Discard, "", 0)})
	f.subnetOf = func(a netip.Addr) (netip.Prefix, bool) { return netip.PrefixFrom(a, 16).Masked(), true }
	return f
}

// A request as it arrives on local address `on` from `from`.
func request(method, target string, on netip.Addr, from string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = from
	local := &net.TCPAddr{IP: on.AsSlice(), Port: 5000}
	return r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, net.Addr(local)))
}

func serve(f *filter, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.ServeHTTP(w, r)
	return w
}

func TestEachClusterReadsItsOwnersNamespaceAndTheSharedRepositories(t *testing.T) {
	f := testFilter(t)
	for _, c := range []struct {
		on     netip.Addr
		path   string
		status int
	}{
		{bobAddr, "/v2/bob/hello-rust/manifests/1", 200},
		{bobAddr, "/v2/hello-world-wasi-rust/manifests/v0.1.0", 200},
		{bobAddr, "/v2/bob/hello-rust/blobs/sha256:" + strings.Repeat("a", 64), 200},
		{bobAddr, "/v2/bob/hello-rust/tags/list", 200},
		{bobAddr, "/v2/", 200},
		{bobAddr, "/v2/alice/hello-rust/manifests/1", 404},
		{bobAddr, "/v2/alice/hello-rust/manifests/sha256:" + strings.Repeat("b", 64), 404},
		{bobAddr, "/v2/alice/hello-rust/blobs/sha256:" + strings.Repeat("a", 64), 404},
		{bobAddr, "/v2/alice/hello-rust/tags/list", 404},
		{bobAddr, "/v2/alice/x/referrers/sha256:" + strings.Repeat("a", 64), 404},
		// A namespace that merely begins with the owner's is another person's.
		{bobAddr, "/v2/bobby/app/manifests/1", 404},
		{aliceAddr, "/v2/alice/hello-rust/manifests/1", 200},
		{aliceAddr, "/v2/bob/hello-rust/manifests/1", 404},
	} {
		w := serve(f, request("GET", c.path, c.on, c.on.String()+":40000"))
		if w.Code != c.status {
			t.Errorf("GET %s on %s: got %d %s, want %d", c.path, c.on, w.Code, w.Body, c.status)
		}
		if c.status == 404 && !strings.Contains(w.Body.String(), "NAME_UNKNOWN") {
			t.Errorf("GET %s on %s: refusal %s is not the registry's NAME_UNKNOWN", c.path, c.on, w.Body)
		}
	}
}

func TestPathsThatCouldNameAnotherRepositoryAreNotForwarded(t *testing.T) {
	f := testFilter(t)
	for _, path := range []string{
		"/v2/bob/../alice/hello-rust/manifests/1",
		"/v2/bob/x/../../alice/hello-rust/manifests/1",
		"/v2/bob//alice/hello-rust/manifests/1",
		"/v2/Alice/hello-rust/manifests/1",
		"/v2/bob/x/manifests/../../../alice/hello-rust/manifests/1",
		"/v2/bob/x/blobs/uploads/",
		"/v2/bob/x/blobs/sha256:short",
		"/v2/_catalog/../alice/x/manifests/1",
	} {
		w := serve(f, request("GET", "http://hearth-registry:5000"+path, bobAddr, "172.31.0.5:1"))
		if w.Code != 404 || strings.Contains(w.Body.String(), "upstream") {
			t.Errorf("GET %s: got %d %s, want a 404 of the filter's own", path, w.Code, w.Body)
		}
	}
	// An escaped slash is decoded before the check and forwarded decoded: still alice's repository.
	r := request("GET", "/v2/bob%2F..%2Falice/hello-rust/manifests/1", bobAddr, "172.31.0.5:1")
	if w := serve(f, r); w.Code != 404 || strings.Contains(w.Body.String(), "upstream") {
		t.Errorf("escaped path: got %d %s", w.Code, w.Body)
	}
}

func TestWritesAreRefused(t *testing.T) {
	f := testFilter(t)
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		w := serve(f, request(method, "/v2/bob/hello-rust/blobs/uploads/", bobAddr, "172.31.0.5:1"))
		if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: got %d, want 405 with Allow", method, w.Code)
		}
	}
}

func TestTheCatalogListsOnlyWhatTheClusterMaySee(t *testing.T) {
	f := testFilter(t)
	catalog := func(target string, on netip.Addr) ([]string, string) {
		w := serve(f, request("GET", target, on, on.String()+":1"))
		var body struct{ Repositories []string }
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 200 {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		return body.Repositories, w.Header().Get("Link")
	}
	got, _ := catalog("/v2/_catalog", bobAddr)
	if strings.Join(got, ",") != "bob/hello-rust,hello-world-wasi-rust,zeta" {
		t.Errorf("bob's catalog: %v", got)
	}
	got, _ = catalog("/v2/_catalog", aliceAddr)
	if strings.Join(got, ",") != "alice/hello-c,alice/hello-rust,hello-world-wasi-rust,zeta" {
		t.Errorf("alice's catalog: %v", got)
	}
	got, link := catalog("/v2/_catalog?n=1", bobAddr)
	if strings.Join(got, ",") != "bob/hello-rust" || link != `</v2/_catalog?last=bob%2Fhello-rust&n=1>; rel="next"` {
		t.Errorf("first page: %v, link %q", got, link)
	}
	got, link = catalog("/v2/_catalog?n=5&last=bob%2Fhello-rust", bobAddr)
	if strings.Join(got, ",") != "hello-world-wasi-rust,zeta" || link != "" {
		t.Errorf("next page: %v, link %q", got, link)
	}
}

func TestAnAddressMissingFromTheTableOrAPeerFromAnotherNetworkGetsSharedContentOnly(t *testing.T) {
	f := testFilter(t)
	unknown := netip.MustParseAddr("172.40.0.2")
	if w := serve(f, request("GET", "/v2/bob/hello-rust/manifests/1", unknown, "172.40.0.9:1")); w.Code != 404 {
		t.Errorf("unlisted address: got %d", w.Code)
	}
	if w := serve(f, request("GET", "/v2/hello-world-wasi-rust/manifests/v0.1.0", unknown, "172.40.0.9:1")); w.Code != 200 {
		t.Errorf("unlisted address, shared repository: got %d", w.Code)
	}
	// A packet addressed to bob's address but sent from alice's network (Linux accepts it on any interface).
	if w := serve(f, request("GET", "/v2/bob/hello-rust/manifests/1", bobAddr, "172.30.0.9:1")); w.Code != 404 {
		t.Errorf("peer off the address's network: got %d", w.Code)
	}
}

func TestTheAccessFileIsReadWholeOrNotAtAll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access")
	file := newAccessFile(path, &sparseLog{logger: log.New(io.Discard, "", 0)})
	if table := file.current(); len(table) != 0 {
		t.Fatalf("no file: %v", table)
	}
	write := func(text string) { os.WriteFile(path, []byte(text), 0o644) }
	write("172.30.0.2 alice c-1\n172.31.0.2 - c-2\n# end\n")
	table := file.current()
	if table[aliceAddr] != "alice" || len(table) != 2 {
		t.Fatalf("complete file: %v", table)
	}
	if ns, known := table[bobAddr]; !known || ns != "" {
		t.Errorf("'-' is a known cluster with no namespace: %q %v", ns, known)
	}
	for _, broken := range []string{
		"172.30.0.2 bob c-1\n",                              // half written: no end marker
		"172.30.0.2 bob c-1\n172.30.0.2 alice c-2\n# end\n", // one address twice
		"172.30.0.2 ../bob c-1\n# end\n",                    // not a path component
		"172.30.0.2 bob\n# end\n",                           // a field missing
	} {
		write(broken)
		if got := file.current(); got[aliceAddr] != "alice" {
			t.Errorf("%q replaced the last complete table: %v", broken, got)
		}
	}
	write("# end\n")
	if got := file.current(); len(got) != 0 {
		t.Errorf("an empty complete table: %v", got)
	}
}
