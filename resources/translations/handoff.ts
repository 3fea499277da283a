<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="35"/>
        <source>%s for %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="36"/>
        <source>%s for %s (kept in memory until Handoff closes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="50"/>
        <source>API token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="51"/>
        <source>API secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="52"/>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="53"/>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/services.py" line="54"/>
        <source>SMTP password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="43"/>
        <source>Status and assignee in this system&apos;s words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="100"/>
        <source>Automatic: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="100"/>
        <source>Automatic (by name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="39"/>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="45"/>
        <source>posting: step %d of %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/dialogs.py" line="68"/>
        <location filename="../../desktop/handoff/ui/dialogs.py" line="73"/>
        <source>Handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/dialogs.py" line="82"/>
        <source>Export finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/dialogs.py" line="82"/>
        <source>Exported to %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/dialogs.py" line="85"/>
        <source>&amp;Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="55"/>
        <source>&amp;Crop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="56"/>
        <source>&amp;Box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="57"/>
        <source>&amp;Arrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="58"/>
        <source>&amp;Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="59"/>
        <source>&amp;Redact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/annotation_canvas.py" line="125"/>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="141"/>
        <source>Screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="70"/>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="71"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="72"/>
        <source>Not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="324"/>
        <source>Run &amp;network tests…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="326"/>
        <source>Ping, DNS, traceroute, IP configuration and a TCP test, recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="306"/>
        <source>{total} replacement(s) in {files} file(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="312"/>
        <source>Not redacted: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="367"/>
        <source>Re&amp;dact logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="369"/>
        <source>Replace passwords, keys and personal data in the text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/region_overlay.py" line="57"/>
        <source>Screen region picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/region_overlay.py" line="58"/>
        <source>Drag a rectangle to capture it; Escape cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/region_overlay.py" line="105"/>
        <source>Drag to select a region — Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/region_overlay.py" line="162"/>
        <source>Capturing in {s} s — click to cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="58"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="58"/>
        <source>Label to place on the screenshot:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="152"/>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="155"/>
        <source>What this screenshot shows (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="154"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="165"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="177"/>
        <source>Redact (R): drag a box; it becomes solid black</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="178"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="193"/>
        <source>&amp;Save to attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="203"/>
        <source>Redacted areas are saved as solid black: the pixels under them are not kept anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="227"/>
        <source>{n} area(s) redacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="261"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshot_editor.py" line="284"/>
        <source>Not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="98"/>
        <source>{name} — saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="175"/>
        <source>Nothing pasted: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="184"/>
        <source>Not added: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="218"/>
        <source>Capture &amp;screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="219"/>
        <source>Capture the screen (Handoff hides itself); the menu has more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="222"/>
        <source>&amp;Paste image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="223"/>
        <source>Edit and attach the image on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="240"/>
        <source>&amp;Full screen (all monitors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="241"/>
        <source>&amp;Window under the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="242"/>
        <source>&amp;Region…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="247"/>
        <source>Delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="250"/>
        <source>No delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/screenshots.py" line="250"/>
        <source>{s} s delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="388"/>
        <source>Find &amp;VPN logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="390"/>
        <source>Find the VPN client logs on this computer and attach them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="97"/>
        <source>&amp;Ping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="97"/>
        <source>Pinged the gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="98"/>
        <source>ns&amp;lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="98"/>
        <source>Checked DNS resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="100"/>
        <source>Rebooted the device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="100"/>
        <source>Reb&amp;oot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="101"/>
        <source>Re&amp;install app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="102"/>
        <source>Reinstalled the &lt;app/client&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="103"/>
        <source>&amp;Cleared credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="104"/>
        <source>Cleared saved credentials (Credential Manager and the app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="105"/>
        <source>Reset &amp;MFA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="105"/>
        <source>Reset MFA registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="106"/>
        <source>AD &amp;group membership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="107"/>
        <source>Checked AD group membership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="109"/>
        <source>Tested on a mobile hotspot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="109"/>
        <source>Hot&amp;spot test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="110"/>
        <source>Flush &amp;DNS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="110"/>
        <source>Flushed the DNS cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="112"/>
        <source>&amp;Event logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="113"/>
        <source>Checked the event logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="114"/>
        <source>&amp;Known-good user/device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="115"/>
        <source>Tested with another user / on another device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/workers.py" line="141"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="410"/>
        <source>Add &amp;Event Viewer log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="412"/>
        <source>Summarise a Windows Event Viewer log (.evtx) and quote its events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="99"/>
        <source>Save diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="107"/>
        <source>Could not save the diagnostics: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="111"/>
        <source>Diagnostics saved to %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="231"/>
        <source>Something went wrong: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="51"/>
        <source>Hand an in-progress ticket to the next technician.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="56"/>
        <source>Data folder: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="57"/>
        <source>Log folder: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="66"/>
        <source>About %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="81"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="84"/>
        <source>Handoff &amp;help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="85"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="86"/>
        <source>Save &amp;diagnostics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_menu.py" line="88"/>
        <source>&amp;About Handoff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentsPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="58"/>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="73"/>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="59"/>
        <source>Logs, screenshots and exports the next technician needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="74"/>
        <source>Type a note for each file; Delete removes the selected file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="75"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="86"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="100"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="105"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="106"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="107"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="108"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="108"/>
        <source>What this file shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="112"/>
        <source>&amp;Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="114"/>
        <source>Choose files to attach (or drop files and folders).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="125"/>
        <source>Drop files or folders anywhere on this page to attach them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="144"/>
        <source>More evidence tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="145"/>
        <source>Tools that do not fit in the bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="148"/>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="173"/>
        <source> and {count} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="174"/>
        <source>Not added, cannot be read: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/attachments.py" line="180"/>
        <source>{count} file(s), {size} of the {budget} budget</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionEditor</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="78"/>
        <source>Edit connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="78"/>
        <source>Add connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="95"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="97"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="133"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="134"/>
        <source>A short name for this ticket system, e.g. rt-main.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="137"/>
        <source>S&amp;ystem:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="138"/>
        <source>Which kind of ticket system this is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="139"/>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="140"/>
        <source>The address of the system, e.g. https://rt.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="144"/>
        <source>key = value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="145"/>
        <source>&amp;Other settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="146"/>
        <source>Settings this kind of system does not list (set with --field), one KEY = VALUE per line; kept as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="168"/>
        <source>Setting %s of this %s connection (--field %s=… on the command line).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="177"/>
        <source>Sec&amp;ret (%s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="192"/>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="196"/>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="197"/>
        <source>Kept in the computer&apos;s password store, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="198"/>
        <source>Sec&amp;ret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="204"/>
        <source>As&amp;k for the secret each time (never saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="205"/>
        <source>Ask for the secret each time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="206"/>
        <source>Keep the secret only in memory until Handoff closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="209"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="234"/>
        <source>saved — leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="274"/>
        <source>Type the secret first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="290"/>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connection_editor.py" line="296"/>
        <source>Type a sample ticket number first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionsDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="32"/>
        <source>Ticket systems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="34"/>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="35"/>
        <source>The ticket systems Handoff can post to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="37"/>
        <source>&amp;Connections:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="42"/>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="43"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="44"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/connections_dialog.py" line="45"/>
        <source>C&amp;lose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="125"/>
        <source>Handoff hit a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="128"/>
        <source>Something went wrong inside Handoff. It was not caused by anything you did.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="138"/>
        <source>Technical details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="140"/>
        <source>The error report for the MSP&apos;s internal IT; also in the diagnostics zip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="143"/>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="179"/>
        <source>Show de&amp;tails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="147"/>
        <source>Shows or hides the technical error report below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="152"/>
        <source>Save &amp;diagnostics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="156"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="170"/>
        <source>Your draft was saved: nothing you typed is lost. You can carry on, or save diagnostics for your internal IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="173"/>
        <source>Your draft could not be saved. Keep this window open, copy anything important from the page into another document, then save diagnostics for your internal IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/crash_dialog.py" line="179"/>
        <source>Hide de&amp;tails</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftsSection</name>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="37"/>
        <source>Saved drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="38"/>
        <source>Unfinished handoffs on this computer, newest first. Enter resumes the selected one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="41"/>
        <source>No saved drafts yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="53"/>
        <source>Drafts that could not be listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="56"/>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="57"/>
        <source>Ne&amp;w handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="60"/>
        <source>Continue editing the selected draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="63"/>
        <source>Start an empty handoff; the current one stays saved as a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="121"/>
        <source>(no ticket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="122"/>
        <source>(no title yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="123"/>
        <source>changed %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_drafts.py" line="125"/>
        <source>editing now · %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_model.py" line="86"/>
        <source>Tick to quote this event in the handoff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvtxDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="95"/>
        <source>Event Viewer log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="135"/>
        <source>&amp;Open .evtx…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="138"/>
        <source>&amp;Collect from this PC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="147"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="148"/>
        <source>Start of the time window: older events are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="152"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="153"/>
        <source>End of the time window: newer events are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="156"/>
        <source>&amp;Re-read for this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="161"/>
        <source>File format of the extract of the ticked events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="162"/>
        <source>CSV (spreadsheet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="163"/>
        <source>JSON Lines (scripts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="171"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="172"/>
        <source>Errors and warnings in the time window; Space ticks an event to quote it in the handoff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="188"/>
        <source>&amp;Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="160"/>
        <source>Extract as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="202"/>
        <source>Errors and warnings &amp;from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="203"/>
        <source>&amp;to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="212"/>
        <source>E&amp;xtract as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="245"/>
        <source>{shown} event(s) in the window, {count} ticked to quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="254"/>
        <source>Add Event Viewer log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="271"/>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="282"/>
        <source>Reading the Event Viewer log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="294"/>
        <source>Collecting Event Viewer logs from this PC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="310"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="336"/>
        <source>{name}: skipped {count} damaged part(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="342"/>
        <source>{name}: showing the latest {kept} of {total} events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/evtx_dialog.py" line="376"/>
        <source>Writing the extract…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="240"/>
        <source>Not exported: attachments missing or unreadable: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="246"/>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="263"/>
        <source>Export package</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/pages/review.py" line="262"/>
        <source>Export with %n unresolved problem(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="281"/>
        <source>Export cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="282"/>
        <source>Writing %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="289"/>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="290"/>
        <source>Export failed: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsBox</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/base.py" line="18"/>
        <source>Quality check for this page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="39"/>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="39"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="39"/>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="40"/>
        <source>Known errors found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="43"/>
        <source>Use as &amp;root cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="44"/>
        <source>Add this finding to the root cause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="48"/>
        <source>Add as s&amp;tep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="49"/>
        <source>Add &apos;log reviewed&apos; with this line to the steps taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="79"/>
        <source>%d known error line(s) found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="81"/>
        <source>Stopped. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="100"/>
        <source>Root cause: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_findings.py" line="110"/>
        <source>Step added: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GeneratedTextEditor</name>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="65"/>
        <source>Written from the fields; type to change it (your words are then kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="72"/>
        <source>Throw away your edits and write it from the fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="78"/>
        <source>Preview: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="80"/>
        <source>How the text reads once pasted into the ticket (read-only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="97"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="116"/>
        <source>Edited by you: kept as you wrote it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/widgets/generated_text.py" line="118"/>
        <source>Written from the fields: follows your changes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoffWizard</name>
    <message>
        <location filename="../../desktop/handoff/ui/wizard.py" line="85"/>
        <source>&lt; &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/wizard.py" line="86"/>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/wizard.py" line="112"/>
        <source>Wizard pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/wizard.py" line="114"/>
        <source>The eight steps of a handoff: Enter or a click opens that page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../desktop/handoff/ui/help_window.py" line="69"/>
        <source>Handoff help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_window.py" line="74"/>
        <source>Help text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_window.py" line="76"/>
        <source>Help for the current step and the keyboard shortcuts; Esc closes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/help_window.py" line="105"/>
        <source>Menu shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/job_dialog.py" line="58"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/job_dialog.py" line="59"/>
        <source>Sto&amp;p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/job_dialog.py" line="61"/>
        <source>Stop the running job; what finished is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/job_dialog.py" line="116"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="152"/>
        <source>Not saved yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="160"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="163"/>
        <source>&amp;New handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="164"/>
        <source>&amp;Drafts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="166"/>
        <source>&amp;Open package…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="168"/>
        <source>&amp;Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="169"/>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="170"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="254"/>
        <source>Handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="255"/>
        <source>The current draft could not be saved. Switch anyway and lose its latest changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="276"/>
        <source>Open package</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="319"/>
        <source>Saved %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="329"/>
        <source>%s. What you typed is kept and saving is retried with your next change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="334"/>
        <source>Exported %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="366"/>
        <source>Quit Handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="367"/>
        <source>The draft could not be saved. Quit anyway and lose the latest changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="392"/>
        <source>O&amp;utbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="393"/>
        <source>&amp;Ticket systems…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="400"/>
        <source>Se&amp;ttings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="494"/>
        <source>&amp;Post to ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/main_window.py" line="496"/>
        <source>&amp;Add a ticket system in Settings first…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingBox</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="48"/>
        <source>Sa&amp;mple ticket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="49"/>
        <source>A ticket to read the system&apos;s statuses, members and queues from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="51"/>
        <source>&amp;Fetch names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="53"/>
        <source>Names not fetched yet: matched by name when posting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="68"/>
        <source>What %s is called in this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/mapping_box.py" line="75"/>
        <source>Names from ticket %s, %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="39"/>
        <source>Side panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="41"/>
        <source>Saved drafts, recent packages and the outbox. Ctrl+B hides or shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="47"/>
        <source>&amp;Drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="48"/>
        <source>R&amp;ecent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="49"/>
        <source>O&amp;utbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator.py" line="50"/>
        <source>Recent packages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetTestsDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="171"/>
        <source>Network tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="177"/>
        <source>Target host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="179"/>
        <source>The VPN gateway or server to ping, resolve and trace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="183"/>
        <source>TCP test (host:port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="185"/>
        <source>Optional: a host:port to open a TCP connection to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="190"/>
        <source>&amp;Run tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="191"/>
        <source>Ping, DNS, traceroute, IP configuration, TCP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="195"/>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="195"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="196"/>
        <source>Test results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="203"/>
        <source>&amp;Target host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="204"/>
        <source>TCP &amp;connect to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="234"/>
        <source>Running tests…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="282"/>
        <source>%d test(s) ran: %d step(s) and file(s) added to the handoff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/nettests_dialog.py" line="287"/>
        <source>Stopped. </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotifyPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="41"/>
        <source>Notify &amp; communicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="42"/>
        <source>The note for the next technician and the update for the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="47"/>
        <source>Note to the next technician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="48"/>
        <source>&amp;Regenerate from fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="52"/>
        <source>Message to the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="52"/>
        <source>Re&amp;generate from fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="58"/>
        <source>Note to the next &amp;technician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="59"/>
        <source>Message to the &amp;user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="67"/>
        <source>User message not nee&amp;ded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="71"/>
        <source>User message not needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="72"/>
        <source>Tick when the user does not need an update with this handoff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="92"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/notify.py" line="101"/>
        <source>Replace your edited text with one written from the fields?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenFlow</name>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="167"/>
        <source>Opening %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="170"/>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="182"/>
        <source>Continue this handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="183"/>
        <source>This package failed verification. Continue it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="189"/>
        <source>Extracting attachments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="191"/>
        <source>Could not continue the handoff: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="204"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxPanel</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="62"/>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="64"/>
        <source>Outbox items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="65"/>
        <source>Handoffs posted or waiting to be posted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="72"/>
        <source>&amp;Items:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="75"/>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="76"/>
        <source>&amp;Edit draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="77"/>
        <source>&amp;Cancel item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="78"/>
        <source>C&amp;lose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="153"/>
        <source>Edit draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/outbox_panel.py" line="154"/>
        <source>Take this handoff out of the outbox and reopen it? Post it again when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxSection</name>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="45"/>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="46"/>
        <source>Handoffs waiting to be posted to a ticket system, being posted, failed or posted, newest first. Enter shows the selected one in the outbox panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="54"/>
        <source>Outbo&amp;x panel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="57"/>
        <source>Open the outbox panel to retry, edit or cancel an item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="79"/>
        <source>Cannot read the outbox: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="116"/>
        <source>Nothing waiting to be posted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_outbox.py" line="122"/>
        <source>%1, %2 of %3 steps done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PackageView</name>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="53"/>
        <source>Handoff package — %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="59"/>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="60"/>
        <source>Whether each file in the package is intact (its checksum matches).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="64"/>
        <source>Handoff history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="65"/>
        <source>Who handed this ticket over before, and when.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="69"/>
        <source>&amp;Verification:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="70"/>
        <source>&amp;History:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="81"/>
        <source>Handoff as handed over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="83"/>
        <source>The handoff notes exactly as they are in the package, read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/package_view.py" line="108"/>
        <source>✔ All %n file(s) verified</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="113"/>
        <source>changed since export (hash differs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="114"/>
        <source>listed in the manifest but missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="115"/>
        <source>not listed in the manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="127"/>
        <location filename="../../desktop/handoff/ui/package_view.py" line="130"/>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="132"/>
        <source>%s (this package)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="138"/>
        <source>C&amp;ontinue this handoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="141"/>
        <source>Make this handoff a draft of your own and edit it in the wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/package_view.py" line="145"/>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PanelLayout</name>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_layout.py" line="43"/>
        <source>Side &amp;panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_layout.py" line="51"/>
        <source>&amp;Drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_layout.py" line="51"/>
        <source>&amp;Recent packages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_layout.py" line="52"/>
        <source>&amp;Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_layout.py" line="62"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="28"/>
        <source>What will be posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="29"/>
        <source>Each step, in the order it is posted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="30"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="30"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="64"/>
        <source>What to do with %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="65"/>
        <source>The file is over the system&apos;s limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="66"/>
        <source>Post it split into %d parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="67"/>
        <source>Keep it on this computer (the note says so)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="79"/>
        <source>%n line(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="84"/>
        <source>%s (no size limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="87"/>
        <source>%s: over the system&apos;s %s limit — keep it on this computer or post it split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="89"/>
        <source>%s of at most %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="95"/>
        <source>matched by name when posting (fetch the ticket to see it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="102"/>
        <source>⚠ no match in this system: set it in Settings → Ticket systems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/plan_view.py" line="104"/>
        <source>as “%s”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="109"/>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="286"/>
        <source>Post to ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="113"/>
        <source>What will be &amp;posted:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="115"/>
        <source>&amp;Send the user message to the requester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="116"/>
        <source>Send the user message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="117"/>
        <source>Post the user message as a reply the requester receives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="136"/>
        <source>&amp;Fetch ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="146"/>
        <source>&amp;Ticket system:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="147"/>
        <source>Which ticket system to post to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="148"/>
        <source>Tic&amp;ket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="149"/>
        <source>The ticket number in that system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="165"/>
        <source>Posting progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="166"/>
        <source>Steps posted, or bytes of the file being uploaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="179"/>
        <source>P&amp;ost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="180"/>
        <source>&amp;Cancel posting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="181"/>
        <source>C&amp;lose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="221"/>
        <source>Fetching ticket %s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="225"/>
        <source>Could not fetch the ticket: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="243"/>
        <source>Filled in from the ticket: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="253"/>
        <source>status %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="255"/>
        <source>owner %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="279"/>
        <source>Choose a ticket system and type the ticket number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="282"/>
        <source>Not posted: no secret for %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="287"/>
        <source>Post with %n unresolved problem(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="299"/>
        <source>Queuing in the outbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="312"/>
        <source>Not queued: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="328"/>
        <source>Step %d of %d: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="350"/>
        <source>Posted: &lt;a href=&quot;%s&quot;&gt;%s&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="352"/>
        <source>Not posted yet — kept in the Outbox: %s. Handoff retries it by itself (File → Outbox).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/delivery/post_flow.py" line="356"/>
        <source>Not posted (%s): %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentSection</name>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="36"/>
        <source>Recent packages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="37"/>
        <source>Packages exported or opened lately, newest first. Enter opens the selected one; Delete removes it from this list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="40"/>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="50"/>
        <source>Open pac&amp;kage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="51"/>
        <source>Remove from &amp;list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="54"/>
        <source>Open the selected package to read it or continue it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="57"/>
        <source>Take the selected package off this list; the file is not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="84"/>
        <source>%s is no longer there. Remove it from the list, or open it from where it is now (File → Open package).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="109"/>
        <source>Packages you export or open appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="113"/>
        <source>(no ticket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="117"/>
        <source>exported %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="119"/>
        <source>opened %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/navigator_recent.py" line="121"/>
        <source>missing · %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RedactionDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="98"/>
        <source>Redact logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="124"/>
        <source> and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="130"/>
        <source>Replace these in every file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="135"/>
        <source>Client names, people, projects: separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="136"/>
        <source>Other words or names to hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="137"/>
        <source>Other words or names to hide, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="145"/>
        <source>No text attachments to redact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="146"/>
        <source>%n text attachment(s) not redacted yet: </source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="148"/>
        <source>Redact %n text attachment(s): </source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="154"/>
        <source>The same value always gets the same placeholder. The original files are not changed, and the key to the placeholders stays on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="164"/>
        <source>Export &amp;without redacting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="165"/>
        <source>Export the files as they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="170"/>
        <source>Find what would be replaced; nothing is changed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="171"/>
        <source>&amp;Scan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="180"/>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="199"/>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="217"/>
        <source>Per file: the line, what was found (masked) and its placeholder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="218"/>
        <source>What will be replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="220"/>
        <source>File / line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="220"/>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="220"/>
        <source>Masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="220"/>
        <source>Replaced by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="225"/>
        <source>Change what is hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="226"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="228"/>
        <source>Write redacted copies and attach them instead of the originals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="229"/>
        <source>&amp;Redact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="251"/>
        <source>Nothing to replace with these settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="256"/>
        <source>not redacted: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="258"/>
        <source>nothing found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="260"/>
        <source>line %d</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="264"/>
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="272"/>
        <source>Writing redacted copies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/redaction_dialog.py" line="299"/>
        <source>Stopped: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemainingPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="46"/>
        <source>Remaining steps &amp; blockers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="47"/>
        <source>What still needs doing, who does it, and what is in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="53"/>
        <source>No blocker&amp;s: nothing is in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="57"/>
        <source>No blockers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="58"/>
        <source>Tick to say explicitly that nothing blocks the next steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="62"/>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="101"/>
        <source>Remaining steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="64"/>
        <source>Blockers and approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="79"/>
        <source>Next available tech</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="80"/>
        <source>Escalation team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="81"/>
        <source>Networking team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="82"/>
        <source>Vendor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="83"/>
        <source>The user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="86"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="86"/>
        <source>What to do next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="89"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="91"/>
        <source>Who or which team does it (pick one or type a name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="102"/>
        <source>Enter edits a cell, Delete removes the step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="104"/>
        <source>&amp;Add step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="105"/>
        <source>&amp;Remove step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="106"/>
        <source>Move &amp;up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="107"/>
        <source>Move do&amp;wn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="116"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="116"/>
        <source>What blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="117"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="118"/>
        <source>What exactly is needed, from whom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="119"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="120"/>
        <source>User availability / approval: when (your local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="128"/>
        <source>Blockers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="129"/>
        <source>Enter edits a cell, Delete removes the blocker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="130"/>
        <source>Add b&amp;locker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="130"/>
        <source>Remove blo&amp;cker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="135"/>
        <source>Clear ti&amp;me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/remaining.py" line="137"/>
        <source>Remove the date/time from the selected blocker.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="122"/>
        <source>Review &amp; export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="123"/>
        <source>Read the handoff as the next technician will, fix what the check finds, then export the package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="129"/>
        <source>Handoff preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="131"/>
        <source>The handoff report as the next technician will read it (read-only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="136"/>
        <source>&amp;Export package…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="139"/>
        <source>&amp;Post to ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="156"/>
        <source>Quality check findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="184"/>
        <source>Go to the page where this is fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/handoff/ui/pages/review.py" line="187"/>
        <source>&amp;Quality check: %n problem(s) to fix or confirm</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/review.py" line="189"/>
        <source>&amp;Quality check: no problems found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RootCausePage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="38"/>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="48"/>
        <source>Root cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="39"/>
        <source>What causes the problem, and how sure you are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="49"/>
        <source>The cause, or (if unknown) what you have ruled out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="53"/>
        <source>Root cause / what was ruled &amp;out:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="63"/>
        <source>How sure are you?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="77"/>
        <source>&amp;Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="78"/>
        <source>You proved the cause (a test shows it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="81"/>
        <source>&amp;Suspected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="82"/>
        <source>Likely, but not proven yet; say what would confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="85"/>
        <source>Un&amp;known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="86"/>
        <source>Not found yet; write down what you have ruled out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="103"/>
        <source>e.g. Ruled out: network path (ping, DNS fine), client install.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/root_cause.py" line="105"/>
        <source>e.g. The user was removed from the VPN-Users AD group on Monday.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="53"/>
        <source>Handoff — drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="72"/>
        <source>&amp;Unfinished handoffs on this computer. Resume one, or start anew:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="73"/>
        <source>No unfinished handoffs to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="78"/>
        <source>Saved drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="80"/>
        <source>Drafts saved on this computer; Enter resumes the selected one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="82"/>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="82"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="82"/>
        <source>Last saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="89"/>
        <source>(no title yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="90"/>
        <source>(no ticket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="34"/>
        <source>%1: %2 — moved to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="100"/>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/start_dialog.py" line="104"/>
        <source>&amp;New handoff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="65"/>
        <source>Status, assignment &amp; urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="66"/>
        <source>Where the ticket stands, who picks it up, and how urgent it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="93"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="96"/>
        <source>&amp;In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="97"/>
        <source>Waiting on &amp;user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="98"/>
        <source>Waiting on vend&amp;or</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="99"/>
        <source>Waiting on &amp;escalation team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="104"/>
        <source>Ticket status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="113"/>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="116"/>
        <source>Assign to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="117"/>
        <source>Who picks the ticket up next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="118"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="126"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="127"/>
        <source>The person&apos;s name (required for a named person) or the queue&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="131"/>
        <source>Mention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="132"/>
        <source>Handle to @mention in the internal note, e.g. jsmith.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="133"/>
        <source>@jsmith</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="137"/>
        <source>Assi&amp;gn to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="139"/>
        <source>@&amp;mention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="147"/>
        <source>Urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="150"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="150"/>
        <source>The ticket priority.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="151"/>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="155"/>
        <source>SLA &amp;due:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="156"/>
        <source>Has an SLA due time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="157"/>
        <source>Tick when the ticket has an SLA due time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="160"/>
        <source>SLA due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="161"/>
        <source>When the SLA is due, in your local time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="168"/>
        <source>Time left until the SLA is due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="172"/>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="222"/>
        <source>Person&apos;s n&amp;ame (required):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="222"/>
        <source>Queue n&amp;ame (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="225"/>
        <source>Who picks it up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/status.py" line="225"/>
        <source>e.g. Tier 2, Network ops</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepsPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="54"/>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="63"/>
        <source>Steps already taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="55"/>
        <source>Everything you tried, with its result, so nobody repeats it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="65"/>
        <source>Enter edits a cell, Delete removes the step, typing starts editing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="68"/>
        <source>&amp;Add step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="69"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="70"/>
        <source>Move &amp;up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="71"/>
        <source>Move do&amp;wn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="87"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="87"/>
        <source>What sort of step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="88"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="88"/>
        <source>What you did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="89"/>
        <source>Command / test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="89"/>
        <source>Exact command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="90"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="90"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="119"/>
        <source>Quick add a common test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/steps.py" line="125"/>
        <source>Adds the step “{action}”; you then type its result.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="34"/>
        <source>Ticket &amp; summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="35"/>
        <source>Which ticket this is, who is affected, and where things stand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="46"/>
        <source>Handed off b&amp;y:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="48"/>
        <source>Your name, as the next technician should address you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="52"/>
        <source>Su&amp;mmary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="61"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="62"/>
        <source>What is wrong, what you found, and where it stands now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="71"/>
        <source>The ticket number in the PSA, e.g. T-20418.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="71"/>
        <source>Tic&amp;ket ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="72"/>
        <source>T&amp;itle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="72"/>
        <source>The ticket&apos;s title, one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="73"/>
        <source>&amp;Client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="73"/>
        <source>The client (company) the ticket is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="74"/>
        <source>&amp;Site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="74"/>
        <source>The office or location where the issue is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="76"/>
        <source>C&amp;ontact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="77"/>
        <source>Who is affected and how to reach them (name, phone or email).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/pages/ticket.py" line="83"/>
        <source>What is wrong: Maria cannot connect to the VPN since Monday (&apos;Authentication failed&apos; after MFA).
What you found: gateway and DNS are fine; her account is not in VPN-Users.
Where it stands: waiting on the networking team to check the gateway&apos;s auth log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VpnLogsDialog</name>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="101"/>
        <source>VPN client logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="107"/>
        <source>Looking for VPN client logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="108"/>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="108"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="108"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="108"/>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="109"/>
        <source>VPN logs found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="115"/>
        <source>&amp;Scan for known errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="116"/>
        <source>Look for known failures in the ticked logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="122"/>
        <source>&amp;Attach ticked logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="123"/>
        <source>Attach the ticked logs (and the extracts of their incident windows).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="142"/>
        <source>Attach only the &amp;incident window, from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="146"/>
        <source>Only the incident window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="147"/>
        <source>Also attach an extract with only the lines in this time window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="150"/>
        <source>Window start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="151"/>
        <source>Window end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="156"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="194"/>
        <source>%s (dump as text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="215"/>
        <source>No VPN client log files found here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="217"/>
        <source>Found %d log(s) from %s. Tick what to attach.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="278"/>
        <source>Tick the logs to scan first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="280"/>
        <source>Scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="298"/>
        <source>{path}, line {line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="327"/>
        <source>Tick the logs to attach first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="330"/>
        <source>Attaching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="350"/>
        <source>Attached %d file(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/handoff/ui/evidence/vpn_dialog.py" line="352"/>
        <source>Stopped. </source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
