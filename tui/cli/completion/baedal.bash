# bash completion for baedal(1): commands, options, shop ids (baedal
# shops) and order ids (your orders, baedal orders), asked of the same
# backend and identity as the command line being completed.
#
# Installed as PREFIX/share/bash-completion/completions/baedal; or source
# it from ~/.bashrc.

_baedal_commands="ping whoami events call stats shops menu quote order status
orders cancel inbox review reviews address shop payments profile notify rider
admin"
_baedal_shop_commands="queue accept reject reasons extend cook ready dispatch
picked-up delivered soldout open close hours pause resume busy position printer print
print-jobs reply unavailable sales"
_baedal_options="--home --connect --user --token --json --timeout --address
--pickup --card --virtual-account --refund-account --eta --code --reason
--filter --today --until --closed --tz --from --follow --type --order
--limit --offset --day --to --state --width --print-on --note --rider-note --at --radius
--help --version"

# _baedal_ask WHAT: ids from baedal --json WHAT (shops: id, orders:
# order_id), with the identity options of the line being completed.
_baedal_ask()
{
	local i key=id
	local -a id=()

	[ "$1" = orders ] && key=order_id
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		case ${COMP_WORDS[i]} in
		--home|--connect|--user|--token)
			id+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}") ;;
		esac
	done
	"${COMP_WORDS[0]}" "${id[@]}" --json --timeout 2000 "$1" 2>/dev/null |
	    grep -o "\"$key\": *\"\\{0,1\\}[A-Za-z0-9_-]*" |
	    sed 's/.*: *"\{0,1\}//'
}

_baedal()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local i w cmd="" sub="" nargs=0

	case $prev in
	--home) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--filter) COMPREPLY=($(compgen -W "new active done all" -- "$cur"))
		return ;;
	--code) COMPREPLY=($(compgen -W "OUT_OF_ITEMS TOO_BUSY CLOSING_SOON
	    OUT_OF_AREA CUSTOMER_REQUEST OTHER" -- "$cur")); return ;;
	--width) COMPREPLY=($(compgen -W "58 80" -- "$cur")); return ;;
	--print-on) COMPREPLY=($(compgen -W "accepted paid" -- "$cur"))
		return ;;
	--order) COMPREPLY=($(compgen -W "$(_baedal_ask orders)" -- "$cur"))
		return ;;
	--connect|--user|--token|--timeout|--address|--card|--virtual-account|\
	--refund-account|--eta|--reason|--until|--closed|--tz|--from|--type|\
	--limit|--offset|--day|--to|--state|--note|--rider-note|--at|--radius)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_baedal_options" -- "$cur"))
		return
	fi
	# The command words so far, options and their values left out.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--home|--connect|--user|--token|--timeout|--address|--card|\
		--virtual-account|--refund-account|--eta|--code|--reason|\
		--filter|--until|--closed|--tz|--from|--type|--order|--limit|\
		--offset|--day|--to|--state|--width|--print-on|--note|\
		--rider-note|--at|--radius)
			((i++)) ;;
		-*) ;;
		*)
			if [ -z "$cmd" ]; then cmd=$w
			elif [ -z "$sub" ] &&
			    [[ $cmd == @(shop|payments|notify|profile|address|rider|admin) ]]
			then sub=$w
			else ((nargs++))
			fi ;;
		esac
	done
	case $cmd in
	"") COMPREPLY=($(compgen -W "$_baedal_commands" -- "$cur")) ;;
	shop)
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "$_baedal_shop_commands" -- "$cur"))
		elif [ "$nargs" = 0 ] && [[ $sub == @(accept|reject|extend|cook|ready|dispatch|picked-up|delivered|print|unavailable) ]]
		then
			COMPREPLY=($(compgen -W "$(_baedal_ask orders)" -- "$cur"))
		elif [ "$sub" = extend ] && [ "$nargs" = 1 ]; then
			COMPREPLY=($(compgen -W "5 10 15" -- "$cur"))
		elif [[ $sub == @(soldout|busy) ]] && [ "$nargs" -ge 1 ]; then
			COMPREPLY=($(compgen -W "on off" -- "$cur"))
		fi ;;
	admin)
		[ -z "$sub" ] && COMPREPLY=($(compgen -W "offline" -- "$cur")) ;;
	payments)
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "dead retry resolve refund-account" \
			    -- "$cur"))
		elif [ "$sub" = refund-account ] && [ "$nargs" = 0 ]; then
			COMPREPLY=($(compgen -W "$(_baedal_ask orders)" -- "$cur"))
		fi ;;
	notify) [ -z "$sub" ] &&
		COMPREPLY=($(compgen -W "outbox" -- "$cur")) ;;
	profile) [ -z "$sub" ] &&
		COMPREPLY=($(compgen -W "phone" -- "$cur")) ;;
	address) [ -z "$sub" ] &&
		COMPREPLY=($(compgen -W "list add rm default" -- "$cur")) ;;
	rider)
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "available mine claim picked-up \
			    delivered" -- "$cur"))
		fi ;;
	reviews)
		[ "$nargs" = 0 ] &&
		    COMPREPLY=($(compgen -W "$(_baedal_ask shops)" -- "$cur")) ;;
	menu|quote|order)
		[ "$nargs" = 0 ] &&
		    COMPREPLY=($(compgen -W "$(_baedal_ask shops)" -- "$cur")) ;;
	status|cancel|review)
		[ "$nargs" = 0 ] &&
		    COMPREPLY=($(compgen -W "$(_baedal_ask orders)" -- "$cur")) ;;
	esac
}
complete -F _baedal baedal
