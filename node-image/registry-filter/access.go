package main

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"
)

// endMarker closes every complete access file. The agent copies the file in with the Docker API, which
// may rewrite it in place; a read that lacks the marker saw a half-written file and keeps the last
// complete table instead.
const endMarker = "# end"

// noNamespace stands for a cluster whose owner's namespace is unknown (sent by an older backend): it
// gets the shared repositories only.
const noNamespace = "-"

// accessTable maps the registry's own address on each cluster network to that cluster's owner's
// namespace. Only the agent writes it (docs/worker-agent.md, "The registry's read side").
type accessTable map[netip.Addr]string

// parseAccess reads lines "<registry address> <namespace or -> <cluster id>", comments after '#', and
// requires the end marker. Anything malformed refuses the whole file: a table half understood could
// hand one cluster's address another's namespace.
func parseAccess(text string) (accessTable, error) {
	table := accessTable{}
	complete := false
	scanner := bufio.NewScanner(strings.NewReader(text))
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == endMarker {
			complete = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if complete {
			return nil, fmt.Errorf("line %d: text after %q", n, endMarker)
		}
		fields := strings.Fields(line)
		if len(fields) != 3 {
			return nil, fmt.Errorf("line %d: want '<address> <namespace> <cluster>', got %q", n, line)
		}
		addr, err := netip.ParseAddr(fields[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		namespace := fields[1]
		if namespace != noNamespace && !isComponent(namespace) {
			return nil, fmt.Errorf("line %d: %q is not a repository path component", n, namespace)
		}
		if _, seen := table[addr.Unmap()]; seen {
			return nil, fmt.Errorf("line %d: address %s listed twice", n, addr)
		}
		if namespace == noNamespace {
			namespace = ""
		}
		table[addr.Unmap()] = namespace
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if !complete {
		return nil, fmt.Errorf("no %q line: the file is incomplete", endMarker)
	}
	return table, nil
}

// accessFile is the access table as the file says now. The file is read again on every request (it is
// a few lines in the page cache), so a cluster's entry counts from the moment the agent has written it
// and a removed cluster's address stops counting at once.
type accessFile struct {
	path string
	mu   sync.Mutex
	last accessTable
	logs *sparseLog
}

func newAccessFile(path string, logs *sparseLog) *accessFile {
	return &accessFile{path: path, logs: logs}
}

// current is the file's table, or the last complete one when the file is missing, half-written or
// malformed (then nothing but shared content for an address it never held).
func (f *accessFile) current() accessTable {
	data, err := os.ReadFile(f.path)
	var table accessTable
	if err == nil {
		table, err = parseAccess(string(data))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		f.logs.printf("access file %s not used: %v", f.path, err)
		return f.last
	}
	f.last = table
	return table
}
