package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The source languages of the guided demo's builds, spelt as in the REST API (docs/architecture.md, "The backend"). */
public enum BuildLanguage {
    @JsonProperty("rust")
    RUST,
    @JsonProperty("c")
    C
}
