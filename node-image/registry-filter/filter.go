package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// filter answers the cluster networks' reads (GET and HEAD) of the host registry, each cluster only
// what its owner may see. It tells clusters apart by the address a request arrives on: the registry
// container has one interface per cluster network, and its address there is in the access table with
// that cluster's owner's namespace. Cluster networks cannot reach one another (the agent's iptables
// chains, Docker's bridge isolation), so a request on a cluster's address came from that cluster.
type filter struct {
	access   func() accessTable
	upstream *url.URL
	proxy    *httputil.ReverseProxy
	client   *http.Client
	// subnetOf is the network of a local address (its interface's prefix); injectable for tests.
	subnetOf func(netip.Addr) (netip.Prefix, bool)
	logs     *sparseLog
}

func newFilter(upstream *url.URL, access func() accessTable, logs *sparseLog) *filter {
	f := &filter{access: access, upstream: upstream, subnetOf: interfaceSubnet, logs: logs,
		client: &http.Client{Timeout: 30 * time.Second}}
	f.proxy = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		// The path the filter checked, and only it: never the raw form, which could decode differently.
		r.Out.URL.Scheme = upstream.Scheme
		r.Out.URL.Host = upstream.Host
		r.Out.URL.Path = r.In.URL.Path
		r.Out.URL.RawPath = ""
		r.Out.Host = r.In.Host
	}}
	return f
}

func (f *filter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		registryError(w, http.StatusMethodNotAllowed, "UNSUPPORTED", "this registry is read-only here", nil)
		return
	}
	ns := f.namespaceOf(r)
	switch path := r.URL.Path; {
	case path == "/v2/" || path == "/v2":
		f.forward(w, r, "/v2/")
	case path == "/v2/_catalog":
		f.catalog(w, r, ns)
	default:
		name, ok := repositoryOf(path)
		if !ok {
			registryError(w, http.StatusNotFound, "NOT_FOUND", "no such read on this registry", nil)
			return
		}
		if !visible(ns, name) {
			// The same answer as for a repository that does not exist, so a refusal tells nothing.
			f.logs.printf("refused %s %s from %s (namespace %q)", r.Method, path, r.RemoteAddr, ns)
			registryError(w, http.StatusNotFound, "NAME_UNKNOWN", "repository name not known to registry",
				map[string]string{"name": name})
			return
		}
		f.forward(w, r, path)
	}
}

// namespaceOf is the namespace of the cluster the request came from: the access table's entry for the
// local address it arrived on, but only when the peer is on that address's own network (a packet for
// another interface's address is still accepted by Linux on any interface). Empty: shared only.
func (f *filter) namespaceOf(r *http.Request) string {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return ""
	}
	localAddr, err := netip.ParseAddrPort(local.String())
	if err != nil {
		return ""
	}
	remoteAddr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return ""
	}
	ns, known := f.access()[localAddr.Addr().Unmap()]
	if !known || ns == "" {
		return ""
	}
	subnet, ok := f.subnetOf(localAddr.Addr().Unmap())
	if !ok || !subnet.Contains(remoteAddr.Addr().Unmap()) {
		f.logs.printf("request to %s from %s, which is not on that address's network: shared content only", local, r.RemoteAddr)
		return ""
	}
	return ns
}

func (f *filter) forward(w http.ResponseWriter, r *http.Request, path string) {
	r.URL.Path = path
	f.proxy.ServeHTTP(w, r)
}

// catalog lists the repositories the cluster may see, paginated by the client's n and last as the
// distribution spec says; the registry's own catalog is read whole and filtered.
func (f *filter) catalog(w http.ResponseWriter, r *http.Request, ns string) {
	all, err := f.upstreamCatalog(r)
	if err != nil {
		f.logs.printf("catalog: %v", err)
		registryError(w, http.StatusBadGateway, "UNAVAILABLE", "the registry did not answer", nil)
		return
	}
	var repositories []string
	last := r.URL.Query().Get("last")
	for _, name := range all {
		if visible(ns, name) && name > last {
			repositories = append(repositories, name)
		}
	}
	sort.Strings(repositories)
	if n, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil && n >= 0 && n < len(repositories) {
		repositories = repositories[:n]
		if n > 0 {
			w.Header().Set("Link", fmt.Sprintf(`</v2/_catalog?last=%s&n=%d>; rel="next"`,
				url.QueryEscape(repositories[n-1]), n))
		}
	}
	if repositories == nil {
		repositories = []string{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	json.NewEncoder(w).Encode(map[string][]string{"repositories": repositories})
}

// upstreamCatalog follows the registry's own pages (at most 1000 names each) to the end.
func (f *filter) upstreamCatalog(r *http.Request) ([]string, error) {
	var all []string
	last := ""
	for page := 0; page < 10000; page++ {
		u := *f.upstream
		u.Path = "/v2/_catalog"
		query := url.Values{"n": {"1000"}}
		if last != "" {
			query.Set("last", last)
		}
		u.RawQuery = query.Encode()
		req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := f.client.Do(req)
		if err != nil {
			return nil, err
		}
		var body struct {
			Repositories []string `json:"repositories"`
		}
		err = json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("registry answered %s", resp.Status)
		}
		if err != nil {
			return nil, err
		}
		all = append(all, body.Repositories...)
		if len(body.Repositories) == 0 || !strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
			return all, nil
		}
		last = body.Repositories[len(body.Repositories)-1]
	}
	return nil, fmt.Errorf("more than 10000 catalog pages")
}

// registryError answers in the distribution spec's error form.
func registryError(w http.ResponseWriter, status int, code, message string, detail any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
	w.WriteHeader(status)
	entry := map[string]any{"code": code, "message": message}
	if detail != nil {
		entry["detail"] = detail
	}
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{entry}})
}

// interfaceSubnet is the prefix of the interface that holds addr.
func interfaceSubnet(addr netip.Addr) (netip.Prefix, bool) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return netip.Prefix{}, false
	}
	for _, a := range addrs {
		ipNet, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		prefix, err := netip.ParsePrefix(ipNet.String())
		if err == nil && prefix.Addr().Unmap() == addr {
			return netip.PrefixFrom(addr, prefix.Bits()).Masked(), true
		}
	}
	return netip.Prefix{}, false
}
