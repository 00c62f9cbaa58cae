# shellcheck shell=bash
# Sourced by differential.sh and repro-verdicts.sh: reads a drm-ci fails baseline and prints
# "name<TAB>why" for every entry, where why is the last '# why:' comment line above the entry.
baseline_explanations() {
	[ -n "${1:-}" ] || return 0
	awk '
		/^[[:space:]]*# why:/ { sub(/^[[:space:]]*# why:[[:space:]]*/, ""); why = $0; next }
		/^[[:space:]]*(#|$)/ { next }
		{ split($0, f, ","); gsub(/[[:space:]]/, "", f[1]); printf "%s\t%s\n", f[1], why; why = "" }
	' "$1"
}
