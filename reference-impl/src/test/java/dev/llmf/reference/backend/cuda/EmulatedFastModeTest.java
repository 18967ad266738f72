package dev.llmf.reference.backend.cuda;

/**
 * Fast mode on the emulated device, whose products round their inputs to TF32 as tensor cores do: checks that the
 * stated fast-mode tolerances ({@link BackendParityCases#fastMode}) hold for TF32 rounding itself.
 */
class EmulatedFastModeTest extends EmulatedCases {

    EmulatedFastModeTest() {
        super(true);
    }
}
