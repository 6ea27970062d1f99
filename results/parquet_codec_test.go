package results

import (
	"bytes"
	"math/rand/v2"
	"testing"

	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
)

// zstdCodec compresses to the same bytes as parquet-go's zstd codec at the
// settings the tables were written with before it (so Parquet files stay
// byte for byte the same), decodes them back, and keeps one encoder.
func TestZstdCodecMatchesParquetGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var floats []byte
	for i := range 16384 {
		floats = AppendFloat(floats, float64(i%97)*0.37)
	}
	ours, theirs := &zstdCodec{}, &pqzstd.Codec{Level: pqzstd.SpeedDefault, Concurrency: 1}
	for _, c := range []struct {
		name string
		src  []byte
	}{
		{"empty", nil},
		{"short", []byte("0,0,0,0,ok,,5")},
		{"random", random},
		{"repetitive", bytes.Repeat([]byte("44.8153583674781,26.05459799872899,"), 20_000)},
		{"floats", floats},
	} {
		got, err := ours.Encode(nil, c.src)
		if err != nil {
			t.Fatal(err)
		}
		want, err := theirs.Encode(nil, c.src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d compressed bytes differ from parquet-go's %d", c.name, len(got), len(want))
		}
		back, err := ours.Decode(nil, got)
		if err != nil || !bytes.Equal(back, c.src) {
			t.Errorf("%s: decoded %d bytes (%v), want the %d written", c.name, len(back), err, len(c.src))
		}
	}
	first := ours.enc
	for range 3 {
		ours.Encode(nil, random)
	}
	if ours.enc != first {
		t.Error("the codec made a new encoder")
	}
}
