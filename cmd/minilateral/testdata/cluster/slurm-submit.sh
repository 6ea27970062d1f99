#!/bin/bash
# Submits the 1 array job(s) of the sweep of small, then the merge, which
# starts once every task of every array succeeded (afterok).
# Written by 'minilateral cluster slurm'.
set -euo pipefail
dir=DIR
deps=
id=$(sbatch --parsable "$dir/array-0.sbatch"); id=${id%%;*}
echo "array-0.sbatch: job $id"
deps=$deps:$id
id=$(sbatch --parsable --dependency="afterok$deps" "$dir/merge.sbatch"); id=${id%%;*}
echo "merge.sbatch: job $id (afterok$deps)"
