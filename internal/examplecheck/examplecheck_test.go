package examplecheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	p, err := Read("testdata/sample")
	require.NoError(t, err)
	assert.Equal(t, []EntryPoint{
		{Name: "New", Examples: []string{"New"}},
		{Name: "Parse"},
		{Name: "T.All"},
		{Name: "T.Do", Examples: []string{"T_Do", "T_Do_twice"}},
	}, p.EntryPoints)
	assert.Equal(t, []string{"New", "T_Do", "T_Do_twice"}, p.Examples)
	assert.Equal(t, []string{"T_Do"}, p.NotRun, "an example without an Output comment is compiled, not run")
}

func TestReadErrors(t *testing.T) {
	_, err := Read("testdata/none")
	assert.Error(t, err)
	_, err = Read(t.TempDir())
	assert.ErrorContains(t, err, "no package sources")
}
