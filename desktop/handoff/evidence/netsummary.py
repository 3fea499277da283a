"""One-line results from the output of ping, nslookup, traceroute and IP configuration.

The whole output is attached; the one line is what goes into "steps taken", so
the next technician sees "4/4 replies, 0% loss, avg 12 ms" without opening a
file.  Commands run with ``LC_ALL=C`` on macOS and Linux, so their English
wording is parsed; Windows tools speak the system language, so every summary
falls back to the exit code when the wording is not recognised.

The default-gateway parsers live here too: they read the same kind of output.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import struct

_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
_UNIX_PING = re.compile(
    r"(\d+) packets transmitted, (\d+) (?:packets )?received.*?([\d.]+)% packet loss"
)
_WIN_PING = re.compile(r"=\s*(\d+),[^=]*=\s*(\d+),[^=]*=\s*\d+\s*\((\d+)%")
_UNIX_AVG = re.compile(r"(?:rtt|round-trip)[^=]*=\s*[\d.]+/([\d.]+)/")
_WIN_AVG = re.compile(r"Average = (\d+)\s*ms")
_HOP = re.compile(r"^\s*(\d+)\s+(.*)$")
_TRACE_HEADER = re.compile(r"(?:traceroute to|Tracing route to)\s+\S+\s+[(\[]([^)\]]+)[)\]]")
_ADDRESS = re.compile(r"^\s*Address(?:es)?:\s*(\S+)")
_CONTINUATION = re.compile(r"^\s+([0-9A-Fa-f:.]+)\s*$")


def milliseconds(value: float) -> str:
    """12.345 -> "12.3", 0.045 -> "0.045": three significant digits, no trailing zeros."""
    return f"{value:.3g}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summarize_ping(output: str, returncode: int | None) -> str:
    """ "4/4 replies, 0% loss, avg 12 ms" (Linux, macOS and English Windows wording)."""
    counts = _UNIX_PING.search(output) or _WIN_PING.search(output)
    if counts is None:
        if returncode == 0:
            return "replies received (exit code 0)"
        return f"no replies (exit code {returncode})"
    sent, received, loss = counts.group(1), counts.group(2), counts.group(3)
    text = f"{received}/{sent} replies, {float(loss):g}% loss"
    if average := _UNIX_AVG.search(output) or _WIN_AVG.search(output):
        text += f", avg {milliseconds(float(average.group(1)))} ms"
    return text


def nslookup_answers(output: str) -> tuple[str, list[str]]:
    """(the DNS server that answered, the addresses given for the name)."""
    server, answers, in_answer, in_addresses = "", [], False, False
    for line in output.splitlines():
        if line.strip().startswith("Name:"):
            in_answer = True
            continue
        address = _ADDRESS.match(line)
        if address and not in_answer:
            server = server or address.group(1).split("#")[0]
        elif address:
            answers.append(address.group(1))
            in_addresses = True
        elif in_addresses and (more := _CONTINUATION.match(line)):
            answers.append(more.group(1))
        else:
            in_addresses = False
    return server, list(dict.fromkeys(answers))


def summarize_nslookup(output: str, host: str, returncode: int | None) -> tuple[str, bool]:
    """("vpn.example.com -> 203.0.113.10 (DNS server 192.168.1.1)", resolved?)."""
    server, answers = nslookup_answers(output)
    via = f" (DNS server {server})" if server else ""
    if answers:
        return f"{host} \u2192 {', '.join(answers)}{via}", True
    lowered = output.lower()
    if "nxdomain" in lowered or "non-existent domain" in lowered or "can't find" in lowered:
        return f"{host} does not resolve (no such name){via}", False
    if "timed out" in lowered or "no servers could be reached" in lowered:
        return "no DNS server answered", False
    return f"{host} did not resolve (exit code {returncode})", False


def summarize_trace(output: str, target: str) -> str:
    """ "reached 203.0.113.10 in 9 hops" or "20 hops, no answer from the target"."""
    hops = [(int(m.group(1)), m.group(2)) for m in map(_HOP.match, output.splitlines()) if m]
    if not hops:
        return "no hops listed"
    count, last = hops[-1]
    header = _TRACE_HEADER.search(output)
    address = header.group(1) if header else target
    if target in last or address in last or "trace complete" in output.lower():
        return f"reached {target} in {plural(count, 'hop')}"
    answering = [re.search(_IPV4, text) for _, text in hops]
    addresses = [m.group(0) for m in answering if m]
    if not addresses:
        return f"{plural(count, 'hop')}, none answered"
    return f"{plural(count, 'hop')}, target not reached; last answer from {addresses[-1]}"


def ipv4_addresses(output: str) -> list[str]:
    """Local IPv4 addresses in ``ip addr`` / ``ifconfig`` / ``ipconfig /all`` output."""
    found = re.findall(rf"inet (?:addr:)?({_IPV4})", output)
    found += re.findall(rf"IPv4 Address[ .]*:\s*({_IPV4})", output)
    return [a for a in dict.fromkeys(found) if not a.startswith("127.")]


def summarize_ipconfig(output: str) -> str:
    """ "IPv4 192.168.1.23, 10.8.0.5; default gateway 192.168.1.1; DNS 192.168.1.1"."""
    parts = []
    if addresses := ipv4_addresses(output):
        parts.append("IPv4 " + ", ".join(addresses))
    if gateway := gateway_from_text(output):
        parts.append(f"default gateway {gateway}")
    if dns := re.findall(rf"DNS Servers[ .]*:\s*({_IPV4})", output):
        parts.append("DNS " + ", ".join(dict.fromkeys(dns)))
    return "; ".join(parts) or f"saved ({plural(len(output.splitlines()), 'line')})"


# -- the default gateway -------------------------------------------------------


def gateway_from_proc_route(text: str) -> str | None:
    """Linux ``/proc/net/route``: the gateway of the default route (hex, little-endian)."""
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4 or fields[1] != "00000000":
            continue
        flags = int(fields[3], 16)
        if flags & 0x2:  # RTF_GATEWAY
            return socket.inet_ntoa(struct.pack("<I", int(fields[2], 16)))
    return None


def gateway_from_text(text: str) -> str | None:
    """The default gateway in ``ip route``, ``route -n get default``, ``netstat -rn``,
    ``route print`` or ``ipconfig`` output (the first one that says)."""
    patterns = (
        rf"^default via ({_IPV4})",  # ip route
        rf"^\s*gateway:\s*({_IPV4})",  # macOS route -n get default
        rf"^default\s+({_IPV4})",  # netstat -rn
        rf"^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+({_IPV4})",  # route print / route -n
        rf"Default Gateway[ .]*:(?:\s*[0-9a-fA-F:%]+\s*$\s*)?\s*({_IPV4})",  # ipconfig
    )
    for pattern in patterns:
        if match := re.search(pattern, text, re.MULTILINE):
            return match.group(1)
    return None


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
