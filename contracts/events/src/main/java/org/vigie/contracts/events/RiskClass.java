package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** EU MDR risk class (Annex VIII). The JSON form is the class as written in the regulation: I, IIa, IIb, III. */
public enum RiskClass {
    @JsonProperty("I") I,
    @JsonProperty("IIa") IIA,
    @JsonProperty("IIb") IIB,
    @JsonProperty("III") III
}
