package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

// The streams of a trajectory have keys that differ from each other in every
// 64-bit word, for trajectory keys that differ in one bit or not at all, and
// splitmix64 gives the published SplitMix64 outputs.
func TestSubstreamKeys(t *testing.T) {
	// SplitMix64 from seed 0: the first outputs (Vigna's reference code).
	for i, want := range []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f} {
		if got := splitmix64(uint64(i)); got != want {
			t.Errorf("splitmix64(%d) = %#x, want %#x", i, got, want)
		}
	}
	seen := map[[32]byte]string{}
	for _, key := range [][32]byte{{}, {1}, {0, 0, 0, 0, 0, 0, 0, 0, 1}} {
		h := sha256.Sum256(key[:])
		var keys [numStreams][32]byte
		for s := range numStreams {
			keys[s] = substreamKey(&h, s)
			if prev, dup := seen[keys[s]]; dup {
				t.Fatalf("key %x stream %d repeats %s", key[:9], s, prev)
			}
			seen[keys[s]] = "an earlier stream"
		}
		for a := range numStreams {
			for b := range a {
				for j := range 4 {
					if binary.LittleEndian.Uint64(keys[a][8*j:]) == binary.LittleEndian.Uint64(keys[b][8*j:]) {
						t.Errorf("streams %d and %d share word %d of their keys", a, b, j)
					}
				}
			}
		}
	}
}

// Reset allocates nothing: a worker reuses its world for every trajectory.
func TestResetZeroAllocs(t *testing.T) {
	w := NewWorld(builtinModel(t, "", ""))
	k := 0
	if a := testing.AllocsPerRun(50, func() {
		k++
		w.Reset([32]byte{byte(k)})
	}); a != 0 {
		t.Errorf("Reset: %v allocations, want 0", a)
	}
}
