/// Consort's stylesheet: the NHS identity's colours (NHS Blue #005EB8, text #212B32, focus
/// yellow #FFEB3B), system fonts, no web fonts or scripts, contrast at WCAG 2.1 AA or better.
package enum Stylesheet {
    package static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{font-family:Arial,"Helvetica \
        Neue",Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#212b32;background:#f0f4f5}
        body{margin:0}
        a{color:#005eb8}a:visited{color:#330072}a:hover{color:#7c2855}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:4px solid \
        #ffeb3b;outline-offset:0;box-shadow:0 4px 0 #212b32;background-color:#ffeb3b;color:#212b32}
        input:focus,select:focus,textarea:focus{background-color:#fff}
        .skip-link{position:absolute;left:-9999px;top:0;padding:8px 16px;background:#ffeb3b;color:#212b32;z-index:10}
        .skip-link:focus{left:8px}
        .width{max-width:1200px;margin:0 auto;padding:0 16px}
        .site-header{background:#005eb8;color:#fff}
        .site-header .width{display:flex;flex-wrap:wrap;align-items:center;gap:8px \
        24px;padding-top:12px;padding-bottom:12px}
        .brand{color:#fff;font-weight:700;font-size:1.5rem;text-decoration:none;letter-spacing:.02em}
        .brand:visited{color:#fff}
        .tagline{color:#fff;font-size:.95rem}
        .site-header .account{margin-left:auto;display:flex;gap:12px;align-items:center;font-size:.95rem}
        .site-header .account a,.site-header .account a:visited{color:#fff}
        .site-header .account a:focus{color:#212b32}
        .link-button{background:none;border:0;padding:0;color:#fff;text-decoration:underline;font:inherit;
        cursor:pointer}
        main .link-button{color:#005eb8}
        main .link-button:hover{color:#7c2855}
        .button.small{min-height:0;padding:2px 10px;font-size:.9rem;box-shadow:0 2px 0 #00401e}
        .button.small.secondary{box-shadow:0 2px 0 #263139}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        .charts figure{background:#fff;border:1px solid #d8dde0;padding:12px;margin:8px 0 16px}
        .charts svg{max-width:100%;height:auto;display:block}
        tr.conflict th,tr.conflict td{background:#fde8e6}
        .checkbox{display:flex;gap:8px;align-items:center;margin:4px 0}
        .main-nav{background:#003087}
        .main-nav ul{list-style:none;margin:0;padding:0 16px;max-width:1200px;margin:0 \
        auto;display:flex;flex-wrap:wrap;gap:0 20px}
        .main-nav a,.main-nav a:visited{color:#fff;display:inline-block;padding:10px \
        0;text-decoration:none;font-weight:700}
        .main-nav a:hover{text-decoration:underline}
        .main-nav a[aria-current=page]{border-bottom:4px solid #fff}
        .main-nav a:focus{color:#212b32}
        .breadcrumb{padding:12px 0 0;font-size:.95rem}
        .breadcrumb ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
        .breadcrumb li+li::before{content:"›";margin-right:4px;color:#4c6272}
        main{display:block;padding:16px 0 48px}
        h1{font-size:2rem;line-height:1.25;margin:16px 0 16px}
        h2{font-size:1.5rem;line-height:1.3;margin:32px 0 12px}
        h3{font-size:1.2rem;margin:24px 0 8px}
        .lede{font-size:1.2rem;color:#212b32;max-width:48em}
        .hint{color:#4c6272}
        .field > span.hint{display:block;margin-bottom:4px}
        .panel{background:#fff;border:1px solid #d8dde0;padding:16px 20px;margin:16px 0}
        .panel-title{margin-top:0}
        .callout{background:#fff;border-left:8px solid #005eb8;padding:12px 16px;margin:16px 0}
        .callout.warning{border-left-color:#ffb81c}
        .callout.success{border-left-color:#007f3b}
        .error-summary{background:#fff;border:4px solid #d5281b;padding:12px 16px;margin:16px 0}
        .error-summary h2{margin-top:0;font-size:1.2rem}
        .error-message{color:#d5281b;font-weight:700;display:block;margin:4px 0}
        .stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px;margin:16px \
        0;padding:0;list-style:none}
        .stats li{background:#fff;border:1px solid #d8dde0;border-top:4px solid #005eb8;padding:12px 16px}
        .stats .figure{display:block;font-size:1.75rem;font-weight:700;line-height:1.2}
        .stats a{font-weight:700}
        table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 16px;font-size:.95rem}
        caption{text-align:left;font-weight:700;padding:8px 0;font-size:1.05rem}
        th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #d8dde0;vertical-align:top}
        thead th{border-bottom:2px solid #4c6272;white-space:nowrap}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.date,th.date{white-space:nowrap}
        .table-wrap{overflow-x:auto}
        .table-wrap tbody th[scope=row],.table-wrap thead th:first-child{position:sticky;left:0;z-index:1;\
        background:#fff;box-shadow:1px 0 0 #d8dde0}
        .figure-title{font-weight:700;margin:0 0 8px}
        .radio{display:grid;grid-template-columns:24px 1fr;column-gap:8px;margin:10px 0}\
        .radio input{grid-row:span 2;width:20px;height:20px;margin:2px 0}.radio label,.radio .hint{grid-column:2}
        .link-list{columns:16rem;column-gap:32px;padding-left:20px}.link-list li{break-inside:avoid;margin:0 0 6px}
        #audit td{overflow-wrap:anywhere;min-width:6em}
        .filters{background:#fff;border:1px solid #d8dde0;padding:12px 16px;margin:16px \
        0;display:flex;flex-wrap:wrap;gap:12px 20px;align-items:flex-end}
        .filters .field{display:flex;flex-direction:column;min-width:120px}
        .field{margin:0 0 16px}
        .filters .field{margin:0}
        label,.label{font-weight:700;margin-bottom:4px;display:block}
        input[type=text],input[type=search],input[type=date],input[type=number],input[type=password],
        input[type=email],input[type=tel],input[type=datetime-local],input[type=time],input[type=url],
        input[type=file],select,textarea{
        font:inherit;padding:6px 8px;border:2px solid #4c6272;border-radius:0;background:#fff;color:#212b32;
        min-height:40px;max-width:100%}
        input.wide,textarea{width:32em}
        input.short{width:8em}
        .button{display:inline-block;font:inherit;font-weight:700;background:#007f3b;color:#fff;border:0;padding:8px \
        16px;min-height:40px;box-shadow:0 4px 0 #00401e;cursor:pointer;text-decoration:none;margin-bottom:4px}
        .button:visited{color:#fff}
        .button.secondary{background:#4c6272;box-shadow:0 4px 0 #263139}
        .button.warning{background:#d5281b;box-shadow:0 4px 0 #6b140e}
        .button:hover{filter:brightness(.9)}
        .inline-form{display:inline}
        .pagination{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0 24px;list-style:none;padding:0}
        .downloads{margin:8px 0}
        .tag{display:inline-block;padding:0 8px;border:1px solid \
        #005eb8;color:#005eb8;font-size:.85rem;font-weight:700;background:#fff}
        .tag.grey{border-color:#4c6272;color:#4c6272}
        .tag.demo{border-color:#7c2855;color:#7c2855}
        .summary-list{display:grid;grid-template-columns:minmax(160px,14em) 1fr;gap:0;background:#fff;border:1px \
        solid #d8dde0;margin:8px 0 16px}
        .summary-list dt,.summary-list dd{margin:0;padding:8px 12px;border-bottom:1px solid #d8dde0}
        .summary-list dt{font-weight:700}
        .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:24px;align-items:start}
        #models th[scope=row],#consortia th[scope=row],#localities th[scope=row]{min-width:9em}
        .columns.two{grid-template-columns:repeat(auto-fit,minmax(420px,1fr))}
        .figure-box{background:#fff;border:1px solid #d8dde0;padding:12px;margin:8px 0 16px}
        .figure-box svg{max-width:100%;height:auto;display:block}
        .chart text{font-family:Arial,sans-serif;font-size:12px;fill:#212b32}
        .chart .grid{stroke:#d8dde0;stroke-width:1}
        .chart .bar{fill:#005eb8}
        .chart .axis-label{font-weight:700}
        .chart .line{fill:none;stroke-width:2.5}
        .chart .point{stroke:none}
        .chart .line-0{stroke:#005eb8;fill:#005eb8}.chart path.line-0{fill:none}
        .chart .line-1{stroke:#007f3b;fill:#007f3b}.chart path.line-1{fill:none}
        .chart .line-2{stroke:#d5281b;fill:#d5281b}.chart path.line-2{fill:none}
        .chart .line-3{stroke:#330072;fill:#330072}.chart path.line-3{fill:none}
        .chart .line-4{stroke:#8a4f00;fill:#8a4f00}.chart path.line-4{fill:none}
        .chart .line-5{stroke:#4c6272;fill:#4c6272}.chart path.line-5{fill:none}
        .map-bg{fill:#d6e6f0}
        .map-land{fill:#fbfbf8;stroke:#7f8f99;stroke-width:.8}
        .map-land-other{fill:#eceeea;stroke:#a3adb3;stroke-width:.6}
        .map-b-region{fill:none;stroke:#425563;stroke-width:1.6;stroke-linejoin:round}
        .map-b-icb{fill:none;stroke:#768692;stroke-width:.9;stroke-linejoin:round}
        .map-b-sub{fill:none;stroke:#aeb7bd;stroke-width:.7;stroke-dasharray:3 2}
        .map-place{font-size:11px;fill:#212b32;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        .map-place-dot{fill:#212b32}
        .map-label{font-size:12px;font-weight:700;fill:#212b32;text-anchor:middle;paint-order:stroke;stroke:#fff;
            stroke-width:3.5px;stroke-linejoin:round}
        .map-context{stroke:#aeb7bd;stroke-width:3;stroke-linecap:round}
        .map-subject{fill:#005eb8;fill-opacity:.75;stroke:#fff;stroke-width:.5}
        .map-highlight{fill:#d5281b;stroke:#fff;stroke-width:1.5}
        .map-blocking{stroke:#d5281b;stroke-width:6;stroke-linecap:round}
        .map-advisory{stroke:#ed8b00;stroke-width:5;stroke-linecap:round}
        .map-checked{stroke:#005eb8;stroke-width:3;stroke-linecap:round;stroke-opacity:.5}
        .map-g0{stroke:#005eb8;stroke-width:5;stroke-linecap:round}
        .map-g1{stroke:#009639;stroke-width:5;stroke-linecap:round}
        .map-g2{stroke:#ed8b00;stroke-width:5;stroke-linecap:round}
        .map-g3{stroke:#7c2855;stroke-width:5;stroke-linecap:round}
        .map-g4{stroke:#00a499;stroke-width:5;stroke-linecap:round}
        .map-g5{stroke:#330072;stroke-width:5;stroke-linecap:round}
        .map-g6{stroke:#ffb81c;stroke-width:5;stroke-linecap:round}
        .map-g7{stroke:#41b6e6;stroke-width:5;stroke-linecap:round}
        .map-g8{stroke:#ae2573;stroke-width:5;stroke-linecap:round}
        .map-g9{stroke:#78be20;stroke-width:5;stroke-linecap:round}
        .map-h0{stroke:#005eb8;fill:#005eb8;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h1{stroke:#009639;fill:#009639;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h2{stroke:#ed8b00;fill:#ed8b00;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h3{stroke:#7c2855;fill:#7c2855;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h4{stroke:#00a499;fill:#00a499;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h5{stroke:#330072;fill:#330072;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h6{stroke:#ffb81c;fill:#ffb81c;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h7{stroke:#41b6e6;fill:#41b6e6;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h8{stroke:#ae2573;fill:#ae2573;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-h9{stroke:#78be20;fill:#78be20;fill-opacity:.12;stroke-width:1.2;stroke-linejoin:round}
        .map-legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9rem}
        .map-legend li{display:flex;align-items:center;gap:6px;margin:0}
        .map-legend .swatch{flex:none;overflow:visible}.map-legend .swatch path{stroke-width:11}
        .today-panel{border-left:6px solid #005eb8;padding:0 0 4px 16px;margin:24px 0}
        .today-panel.urgent{border-left-color:#d5281b}.today-panel h2{margin-top:0}
        .map-box{max-width:680px}.chart-box{max-width:680px}
        .map-scale-bg{fill:#fff;fill-opacity:.8}
        .funnel-bg{fill:#fff}.funnel-95{fill:none;stroke:#425563;stroke-width:1.2;stroke-dasharray:5 3}
        .funnel-998{fill:none;stroke:#212b32;stroke-width:1.5}.funnel-target{stroke:#005eb8;stroke-width:1.5}
        .funnel-similar{stroke:#aeb7bd;stroke-width:4;stroke-linecap:round}
        .funnel-better{stroke:#007f3b;stroke-width:5;stroke-linecap:round}
        .funnel-worse{stroke:#d5281b;stroke-width:5;stroke-linecap:round}
        .funnel-95-key{fill:#fff;stroke:#425563;stroke-dasharray:3 2}.funnel-998-key{fill:#fff;stroke:#212b32}
        .rank-bar{stroke:#768692;stroke-width:1.5;fill:none}
        .map-flag{stroke:#d5281b;stroke-width:8;stroke-linecap:round}
        .map-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}
        .map-pair svg{max-width:100%;height:auto;display:block}
        .progress{width:100%;max-width:30rem;height:1.5rem}
        .tag.blocking{border-color:#d5281b;color:#d5281b}
        .tag.advisory{border-color:#8a4f00;color:#8a4f00}
        .result{border-left:8px solid #007f3b;background:#fff;padding:12px 16px;margin:16px 0}
        .result.fail{border-left-color:#d5281b}
        .finding-figures{color:#4c6272;font-size:.9rem;margin:4px 0 0}
        .map-scale path{stroke:#212b32;stroke-width:2;fill:none}
        .sub-nav ul{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:0 24px;border-bottom:1px \
        solid #d8dde0}
        .sub-nav a{display:inline-block;padding:8px 0;font-weight:700;text-decoration:none}
        .sub-nav a:hover{text-decoration:underline}
        .sub-nav a[aria-current=page]{color:#212b32;border-bottom:4px solid #005eb8}
        .site-footer{background:#fff;border-top:4px solid #005eb8;padding:24px 0;font-size:.9rem;color:#4c6272}
        .site-footer a{color:#005eb8}
        details{margin:8px 0 16px}summary{cursor:pointer;color:#005eb8;font-weight:700}
        .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;
        padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;border:0!important;
        white-space:nowrap!important}
        code{font-family:Menlo,Consolas,monospace;font-size:.9em;background:#fff;padding:0 4px;border:1px solid #d8dde0;
        overflow-wrap:anywhere}
        pre{background:#fff;border:1px solid #d8dde0;padding:12px;overflow-x:auto}
        .status-current{border-color:#007f3b;color:#007f3b}.status-due-for-review{border-color:#8a4f00;color:#8a4f00}
        .status-out-of-date,.status-missing{border-color:#d5281b;color:#d5281b}
        table.matrix td.cell{text-align:center;font-weight:700;min-width:2.2em;padding:4px}
        svg.bar{vertical-align:middle;width:100%;max-width:160px;height:14px;display:block}svg.bar rect{fill:#005eb8}
        .scale{display:flex;flex-wrap:wrap;gap:4px 16px}
        td.cell.status-current{background:#e6f2eb;color:#005a2a}td.cell.status-due-for-review{background:#fff4de}
        td.cell.status-out-of-date{background:#fbe3e1;color:#8c1b12}
        td.cell.status-missing{background:#f0f4f5;color:#4c6272}
        .statement-group{border:1px solid #d8dde0;padding:8px 12px;margin:0 0 12px;background:#fff}
        .statement-group{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:0 16px}
        .statement-group legend{font-weight:700}.statement-group label{font-weight:400;margin:0}
        @media print{.site-header,.main-nav,.site-footer,.breadcrumb,.skip-link,.no-print{display:none!important}\
        html,body{background:#fff;font-size:9pt}.report h1{font-size:15pt;margin:0}\
        .report h2{font-size:12pt;margin:6pt 0 2pt}\
        .report table{font-size:8pt;margin:0}.report td,.report th{padding:0 4pt;line-height:1.25}\
        .report p,.report .summary-list{margin:2pt 0}.report .summary-list dt,.report .summary-list dd{padding:1pt 4pt}\
        .report .tag{font-size:7pt;padding:0 3pt;line-height:1.2;white-space:nowrap}\
        .report caption{font-size:9pt;padding:0}\
        .width{padding:0;margin:0;max-width:none}main{padding:0}.table-wrap{overflow:visible}}
        @media \
        (max-width:640px){h1{font-size:1.6rem}.summary-list{grid-template-columns:1fr}input.wide,textarea{width:100%}\
        .main-nav ul{flex-wrap:wrap;gap:0 14px;padding:4px 16px}.main-nav li{flex:none}\
        .main-nav a,.main-nav a:visited{padding:6px 0}\
        .map-legend{font-size:.85rem}}
        """
}
