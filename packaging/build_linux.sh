#!/usr/bin/env bash
# Build the one-folder Linux app with PyInstaller, then smoke-test the result:
# --version, and a start offscreen to its first paint and a clean quit on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")"
python -m pip install -q 'pyinstaller>=6'
python -m PyInstaller --noconfirm --clean --distpath dist --workpath build silicondesk.spec
app=dist/silicondesk/silicondesk
"$app" --version | grep -q "SiliconDesk"
# The Chinese catalogue, ours and Qt's (dialog buttons), must travel with the app.
test -f dist/silicondesk/_internal/app/i18n/silicondesk_zh_CN.qm
test -f dist/silicondesk/_internal/PySide6/Qt/translations/qtbase_zh_CN.qm
data=$(mktemp -d)
QT_QPA_PLATFORM=offscreen SILICONDESK_TIMING=1 "$app" --demo --data-dir "$data" > "$data/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "first paint" "$data/out" && break; sleep 0.1; done
grep "first paint" "$data/out"
kill -TERM "$pid"
wait "$pid"
echo "packaging: $(du -sh dist/silicondesk | cut -f1) in dist/silicondesk; smoke test passed"
