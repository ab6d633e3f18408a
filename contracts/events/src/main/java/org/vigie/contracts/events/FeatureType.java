package org.vigie.contracts.events;

public enum FeatureType {
    NUMERIC, CATEGORICAL
}
