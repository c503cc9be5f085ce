; The Windows installer: built by scripts/package-windows.sh with Debian's makensis.
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder with the files> -DOUTFILE=<setup.exe> installer.nsi
; Installs for all users into Program Files with a Start-menu entry (the app's icon) and an
; entry in Apps & features; the uninstaller removes exactly what was installed and never the
; records each user keeps in %APPDATA%\Zengcheng\delegation-tracker.
; Silent: setup.exe /S; uninstall.exe /S.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "makensis -DVERSION=… is required"
!endif
!ifndef STAGE
  !error "makensis -DSTAGE=… is required"
!endif
!ifndef OUTFILE
  !error "makensis -DOUTFILE=… is required"
!endif

!define APP_ID "delegation-tracker"
!define APP_NAME "增城开发区权限事项"
!define APP_NAME_EN "Zengcheng Zone Delegated Powers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_ID}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APP_NAME_EN} ${VERSION}"

!include "MUI2.nsh"
!include "x64.nsh"

!define MUI_ICON "${STAGE}\${APP_ID}.ico"
!define MUI_UNICON "${STAGE}\${APP_ID}.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_ID}.exe"

!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME_EN}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME_EN} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT licence; font: SIL Open Font License 1.1"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "This program needs 64-bit Windows. 本程序需要 64 位 Windows。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Install"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "${STAGE}\${APP_ID}.exe"
  File "${STAGE}\${APP_ID}.ico"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\LICENSE-OFL.txt"
  File "${STAGE}\README.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_ID}.exe" "" "$INSTDIR\${APP_ID}.ico" 0

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME} (${APP_NAME_EN})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_ID}.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Zengcheng Development Zone"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Only what the installer put there: the records in each user's %APPDATA% stay.
Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$INSTDIR\${APP_ID}.exe"
  Delete "$INSTDIR\${APP_ID}.ico"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\LICENSE-OFL.txt"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"   ; only if empty: nothing of anyone else's is removed
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
