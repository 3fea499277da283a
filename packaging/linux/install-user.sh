#!/bin/sh
# Install the Handoff one-folder bundle for the current user: no root, nothing outside $HOME.
#
#   install-user.sh [BUNDLE]      install or update (BUNDLE: the folder holding the
#                                 `handoff` executable; default: the folder above this script)
#   install-user.sh --uninstall   remove everything this script installed
#
# Puts the bundle in ~/.local/opt/handoff, a `handoff` link in ~/.local/bin, the menu
# entry and the "open a .handoff.zip" entry in ~/.local/share/applications, the MIME type
# application/x-handoff-package (*.handoff.zip) and the icons in ~/.local/share.
# The user's drafts and settings (~/.local/share/Handoff) are never touched.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/handoff
bin=$HOME/.local/bin
sizes="16 24 32 48 64 128 256"

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications"
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$opt"
    if [ -L "$bin/handoff" ]; then rm -f "$bin/handoff"; fi
    rm -f "$data/applications/handoff.desktop" "$data/applications/handoff-open.desktop" \
        "$data/mime/packages/handoff.xml"
    for size in $sizes; do
        rm -f "$data/icons/hicolor/${size}x${size}/apps/handoff.png" \
            "$data/icons/hicolor/${size}x${size}/mimetypes/application-x-handoff-package.png"
    done
    mkdir -p "$data/mime/packages" "$data/applications"
    refresh
    echo "Handoff removed (drafts and settings kept)."
    exit 0
fi

bundle=$(cd "${1:-$here/..}" && pwd)
if [ ! -x "$bundle/handoff" ] || [ ! -d "$bundle/_internal" ]; then
    echo "install-user.sh: $bundle is not a Handoff bundle (no handoff executable)" >&2
    exit 2
fi
# The desktop files, MIME XML and icons: beside this script, or in a source checkout.
share=$here
icons=$bundle/_internal/resources/icons

mkdir -p "$HOME/.local/opt" "$bin" "$data/applications" "$data/mime/packages"
if [ "$bundle" != "$opt" ]; then
    rm -rf "$opt.new"
    cp -a "$bundle" "$opt.new"
    rm -rf "$opt"
    mv "$opt.new" "$opt"
fi
ln -sfn "$opt/handoff" "$bin/handoff"

# Absolute Exec: ~/.local/bin is not on every desktop session's PATH.
for entry in handoff.desktop handoff-open.desktop; do
    sed "s|^Exec=handoff|Exec=$opt/handoff|" "$share/$entry" >"$data/applications/$entry"
done
cp "$share/handoff-mime.xml" "$data/mime/packages/handoff.xml"
for size in $sizes; do
    for kind in apps mimetypes; do mkdir -p "$data/icons/hicolor/${size}x${size}/$kind"; done
    cp "$icons/handoff-$size.png" "$data/icons/hicolor/${size}x${size}/apps/handoff.png"
    cp "$icons/handoff-$size.png" \
        "$data/icons/hicolor/${size}x${size}/mimetypes/application-x-handoff-package.png"
done
refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default handoff-open.desktop application/x-handoff-package
fi
echo "Handoff installed in $opt; run 'handoff' or find it in the applications menu."
case ":$PATH:" in *":$bin:"*) ;; *) echo "Note: $bin is not on your PATH." ;; esac
