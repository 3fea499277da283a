; Inno Setup script: the Handoff installer for Windows, per user, no administrator rights.
;
; Built by packaging\build.py after PyInstaller, which passes the version from
; desktop\handoff\__init__.py (the only copy) and the folders:
;   iscc /DAppVersion=<__version__> /DAppVersionNumeric=<a.b.c.d> /DBundleDir=dist\handoff
;        /DOutputDir=dist /DIconFile=resources\icons\handoff.ico packaging\windows\handoff.iss
;
; Installs dist\handoff (handoff.exe windowed, handoff-cli.exe console, _internal\) into
; %LOCALAPPDATA%\Programs\Handoff, a Start-menu entry, an uninstaller (Settings > Apps),
; and "Open with Handoff" for .zip files under HKCU\Software\Classes.  Windows picks the
; handler by the LAST extension, so a .handoff.zip is a .zip to Explorer: Handoff is
; offered for zips (Open with, and a context-menu verb) but never made the default.

#ifndef AppVersion
  #error Pass /DAppVersion=... (packaging\build.py does): the version lives in __init__.py only
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\handoff"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\handoff.ico"
#endif
#define AppName "Handoff"
#define AppExe "handoff.exe"
#define ProgId "Handoff.Package"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{B530E9F3-6336-4DE0-9C42-E090EA2E85D8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
; Per user: no UAC prompt, installs into the user's profile, registry under HKCU.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
ChangesAssociations=yes
CloseApplications=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
SetupIconFile={#IconFile}
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Hand an in-progress ticket to the next technician"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The ProgID of a handoff package: "handoff.exe" open "<file>".
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Handoff package"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" open ""%1"""
; "Open with" list of .zip files (the default zip handler is left alone).
Root: HKCU; Subkey: "Software\Classes\.zip\OpenWithProgids"; ValueType: none; ValueName: "{#ProgId}"; Flags: uninsdeletevalue
; A context-menu verb on every .zip: "Open with Handoff" (the app refuses a zip that is no package).
Root: HKCU; Subkey: "Software\Classes\SystemFileAssociations\.zip\shell\Handoff.Open"; ValueType: string; ValueName: "MUIVerb"; ValueData: "Open with Handoff"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\SystemFileAssociations\.zip\shell\Handoff.Open"; ValueType: string; ValueName: "Icon"; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\SystemFileAssociations\.zip\shell\Handoff.Open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" open ""%1"""
; The application's own registration: its name in "Open with" and the types it supports.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".zip"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" open ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
