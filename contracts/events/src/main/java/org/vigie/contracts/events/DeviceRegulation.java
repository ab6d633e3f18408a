package org.vigie.contracts.events;

/**
 * Which product regulation the AI system falls under. It matters for AI Act Art. 73(10): when the AI system
 * is itself an MDR or IVDR device, the AI Act report only covers fundamental-rights infringements.
 */
public enum DeviceRegulation {
    MDR, IVDR, NONE
}
