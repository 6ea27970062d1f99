#!/bin/bash
# Submits the 3 array job(s) of the sweep of export-controls-vs-threat, then the merge, which
# starts once every task of every array succeeded (afterok).
# Written by 'minilateral cluster slurm'.
set -euo pipefail
dir=DIR
deps=
id=$(sbatch --parsable "$dir/array-0.sbatch"); id=${id%%;*}
echo "array-0.sbatch: job $id"
deps=$deps:$id
id=$(sbatch --parsable "$dir/array-1.sbatch"); id=${id%%;*}
echo "array-1.sbatch: job $id"
deps=$deps:$id
id=$(sbatch --parsable "$dir/array-2.sbatch"); id=${id%%;*}
echo "array-2.sbatch: job $id"
deps=$deps:$id
id=$(sbatch --parsable --dependency="afterok$deps" "$dir/merge.sbatch"); id=${id%%;*}
echo "merge.sbatch: job $id (afterok$deps)"
