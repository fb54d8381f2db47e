// Command hearth-registry-filter is the only listener of the host registry that cluster networks reach
// (hearth-registry:5000): it answers each cluster the reads of its owner's namespace and of the shared
// repositories, and forwards those to the read-only Distribution process on the container's loopback.
// See docs/security.md, "Participant's cluster and the host's network".
package main

import (
	"flag"
	"log"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"
)

func main() {
	listen := flag.String("listen", ":5000", "address the cluster networks reach")
	upstream := flag.String("upstream", "http://127.0.0.1:5002", "the read-only Distribution process")
	accessPath := flag.String("access", "/etc/hearth-registry/access", "the agent's access table")
	flag.Parse()
	target, err := url.Parse(*upstream)
	if err != nil {
		log.Fatalf("hearth-registry-filter: -upstream: %v", err)
	}
	logs := &sparseLog{logger: log.New(os.Stderr, "hearth-registry-filter: ", log.LstdFlags)}
	access := newAccessFile(*accessPath, logs)
	server := &http.Server{
		Addr:              *listen,
		Handler:           newFilter(target, access.current, logs),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	logs.logger.Printf("listening on %s, reads forwarded to %s, access table %s", *listen, target, *accessPath)
	log.Fatal(server.ListenAndServe())
}

// sparseLog prints the 1st, 2nd, 4th, 8th… message, so a participant repeating a refused request cannot
// flood the container's log.
type sparseLog struct {
	logger *log.Logger
	count  atomic.Int64
}

func (l *sparseLog) printf(format string, args ...any) {
	n := l.count.Add(1)
	if n&(n-1) == 0 {
		l.logger.Printf("[%d] "+format, append([]any{n}, args...)...)
	}
}
