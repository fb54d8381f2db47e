// Module hearth.dev/node-image/registry-filter is the filter in front of the host registry's read side
// (docs/security.md, "Participant's cluster and the host's network"). Standard library only: nothing
// to fetch, so it builds from the Go toolchain alone.
module hearth.dev/node-image/registry-filter

go 1.26
