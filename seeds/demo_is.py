"""Icelandic for the demo city's content: each English text of seeds/demo.py and its translation.

Titles and mission texts sit beside their English in demo.py; everything else (department names,
intervention summaries, partner roles, milestones, progress updates, indicator definitions, units
and sources) is looked up here by its English text, so the data tables stay readable. A test checks
that every English text of the demo has its Icelandic here.
"""

from __future__ import annotations

DEPARTMENT_NAMES_IS: dict[str, str] = {
    "MAY": "Skrifstofa borgarstjóra",
    "EDU": "Skóla- og frístundasvið",
    "WEL": "Velferðarsvið",
    "CUL": "Menningar- og íþróttasvið",
    "ENV": "Umhverfis- og skipulagssvið",
    "HRS": "Mannréttinda- og lýðræðisskrifstofa",
    "SNI": "Þjónustu- og nýsköpunarsvið",
}

TEXT_IS: dict[str, str] = {
    # -- intervention summaries ------------------------------------------------------------------
    "A small team in each school and preschool (head, special-needs teacher, school psychologist "
    "and a social worker from the service centre) meets every two weeks to find a solution for a "
    "child in difficulty before a formal referral is needed.": (
        "Lítið teymi í hverjum skóla og leikskóla (skólastjóri, sérkennari, skólasálfræðingur og "
        "félagsráðgjafi frá þjónustumiðstöð) hittist aðra hverja viku til að finna lausn fyrir "
        "barn í vanda áður en formlegrar tilvísunar er þörf."
    ),
    "Every school and preschool names a prosperity contact person who families can turn to for "
    "integrated support, as the Act on Integrated Services in the Interest of Children's "
    "Prosperity requires.": (
        "Hver skóli og leikskóli tilnefnir tengilið farsældar sem fjölskyldur geta leitað til um "
        "samþætta þjónustu, eins og lög um samþættingu þjónustu í þágu farsældar barna kveða á "
        "um."
    ),
    "Student counsellors visit pupils with long or repeated absence at home, together with their "
    "parents, and agree a step-by-step plan back to school.": (
        "Námsráðgjafar heimsækja nemendur með langvarandi eða endurteknar fjarvistir heim, ásamt "
        "foreldrum þeirra, og gera með þeim áætlun, skref fyrir skref, aftur í skólann."
    ),
    "Free evening courses for parents on everyday communication, setting limits and handling "
    "conflict at home, run in schools and libraries in several languages.": (
        "Ókeypis kvöldnámskeið fyrir foreldra um dagleg samskipti, að setja mörk og leysa "
        "ágreining á heimilinu, haldin í skólum og bókasöfnum á nokkrum tungumálum."
    ),
    "Four structured sessions with a psychologist help parents support a child with anxiety at "
    "home, so the child can keep going to school and leisure activities.": (
        "Fjórir skipulagðir fundir með sálfræðingi hjálpa foreldrum að styðja barn með kvíða "
        "heima, svo að barnið geti áfram sótt skóla og frístundastarf."
    ),
    "Support is organised in three levels: general support in every school and preschool, "
    "targeted support from district teams, and specialist support from one joint team of Welfare "
    "and Education.": (
        "Stuðningur er skipulagður í þremur þrepum: almennur stuðningur í öllum skólum og "
        "leikskólum, markviss stuðningur frá hverfisteymum og sérhæfður stuðningur frá einu "
        "sameiginlegu teymi velferðarsviðs og skóla- og frístundasviðs."
    ),
    "Drop-in counselling for young people and their parents in youth centres and libraries: no "
    "referral, no waiting list, no forms.": (
        "Opin ráðgjöf fyrir ungmenni og foreldra þeirra í félagsmiðstöðvum og bókasöfnum: engin "
        "tilvísun, enginn biðlisti, engin eyðublöð."
    ),
    "One case-management system shared by schools, service centres and child protection, so a "
    "family's plan and history follow the child, with the family's consent.": (
        "Eitt málakerfi sem skólar, þjónustumiðstöðvar og barnavernd nota saman, svo að áætlun og "
        "saga fjölskyldunnar fylgi barninu, með samþykki fjölskyldunnar."
    ),
    "A yearly week of free events for children and families across the city, planned with the "
    "children's council, with information on where to find support.": (
        "Árleg vika ókeypis viðburða fyrir börn og fjölskyldur um alla borg, skipulögð með "
        "barnaráði, ásamt upplýsingum um hvar stuðning er að finna."
    ),
    "Leisure guides help children who take part in no organised leisure to find a sport, club or "
    "art class they like, and go with them the first few times.": (
        "Frístundaleiðbeinendur hjálpa börnum sem taka ekki þátt í neinu skipulögðu "
        "frístundastarfi að finna íþrótt, klúbb eða listnámskeið við hæfi og fylgja þeim fyrstu "
        "skiptin."
    ),
    "A caseworker follows young people who receive child services through their 18th birthday, "
    "so that support does not stop when they become adults.": (
        "Málastjóri fylgir ungmennum sem fá þjónustu sem börn fram yfir 18 ára afmælið, svo að "
        "stuðningurinn stöðvist ekki þegar þau verða fullorðin."
    ),
    "Playgrounds are renovated to universal design and every school gets a safe-route plan with "
    "lower speed limits, crossings and lighting.": (
        "Leiksvæði eru endurgerð samkvæmt algildri hönnun og hver skóli fær áætlun um öruggar "
        "leiðir með lægri hámarkshraða, gangbrautum og lýsingu."
    ),
    "Language screening at ages 2½ and 4 in every preschool, daily language play and book bags "
    "for families, in Icelandic and the child's home language.": (
        "Málþroskaskimun við 2½ og 4 ára aldur í öllum leikskólum, dagleg málörvun í leik og "
        "bókapokar fyrir fjölskyldur, á íslensku og heimamáli barnsins."
    ),
    "A test of home visits by family counsellors during a baby's first year. Stopped after the "
    "evaluation; what was learnt went into the three-level service model.": (
        "Tilraun með heimsóknir fjölskylduráðgjafa á fyrsta æviári barns. Henni var hætt eftir "
        "matið; lærdómurinn nýttist í þriggja þrepa þjónustulíkaninu."
    ),
    "Lessons on equality, diversity and bullying, designed with pupils and built into the social "
    "studies curriculum.": (
        "Kennslustundir um jafnrétti, fjölbreytileika og einelti, hannaðar með nemendum og "
        "felldar inn í námskrá samfélagsgreina."
    ),
    "New separated cycle paths, safer crossings and cycle parking, following the city's cycling "
    "plan.": (
        "Nýir aðskildir hjólastígar, öruggari þveranir og hjólastæði, samkvæmt "
        "hjólreiðaáætlun borgarinnar."
    ),
    "Planning and design of the first phase of Borgarlína, the capital area's bus rapid transit "
    "line, with the state and neighbouring municipalities.": (
        "Skipulag og hönnun fyrsta áfanga Borgarlínu, hraðvagnakerfis höfuðborgarsvæðisins, í "
        "samstarfi við ríkið og nágrannasveitarfélögin."
    ),
    "Every home gets a bin for food waste, which is turned into biogas and compost.": (
        "Hvert heimili fær tunnu fyrir matarleifar, sem verða að metani og moltu."
    ),
    "The city replaces its cars and vans with electric vehicles as leases end, and installs "
    "chargers at its workplaces.": (
        "Borgin skiptir fólksbílum og sendibílum sínum út fyrir rafknúin ökutæki þegar "
        "leigusamningar renna út og setur upp hleðslustöðvar á vinnustöðum sínum."
    ),
    # -- partner roles ---------------------------------------------------------------------------
    "Social workers and psychologists sit on every team": (
        "Félagsráðgjafar og sálfræðingar sitja í öllum teymum"
    ),
    "Advice on children's rights and interpreting for families": (
        "Ráðgjöf um réttindi barna og túlkun fyrir fjölskyldur"
    ),
    "Case guidance and training for the contact persons": "Málaleiðsögn og þjálfun tengiliða",
    "Contact-person directory on the city website": "Tengiliðaskrá á vef borgarinnar",
    "Family counsellors join visits when the family needs more help": (
        "Fjölskylduráðgjafar koma með í heimsóknir þegar fjölskyldan þarf meiri aðstoð"
    ),
    "Schools invite parents and host the evening sessions": (
        "Skólar bjóða foreldrum og hýsa kvöldnámskeiðin"
    ),
    "Libraries host courses in Breiðholt and Grafarvogur": (
        "Bókasöfn hýsa námskeið í Breiðholti og Grafarvogi"
    ),
    "Courses in Polish, Arabic and English": "Námskeið á pólsku, arabísku og ensku",
    "School psychologists refer families and follow up in school": (
        "Skólasálfræðingar vísa fjölskyldum áfram og fylgja málum eftir í skólanum"
    ),
    "Level 1 support in schools and preschools": "Stuðningur á 1. þrepi í skólum og leikskólum",
    "Steering group and reporting to the city council": (
        "Stýrihópur og skýrslugjöf til borgarstjórnar"
    ),
    "Shared case-management system": "Sameiginlegt málakerfi",
    "Youth centres and libraries host the drop-in hours": (
        "Félagsmiðstöðvar og bókasöfn hýsa opnu tímana"
    ),
    "Schools tell pupils and parents about the service": (
        "Skólar kynna þjónustuna fyrir nemendum og foreldrum"
    ),
    "Process owner for family cases": "Ferliseigandi fjölskyldumála",
    "School data and user testing": "Skólagögn og notendaprófanir",
    "Data protection officer and legal review": "Persónuverndarfulltrúi og lögfræðileg rýni",
    "Free events in libraries, pools and museums": (
        "Ókeypis viðburðir í bókasöfnum, sundlaugum og söfnum"
    ),
    "Activities in every school and preschool": "Viðburðir í öllum skólum og leikskólum",
    "Children's council and children's rights day": "Barnaráð og dagur réttinda barna",
    "After-school centres identify children who could use a guide": (
        "Frístundaheimili benda á börn sem gætu nýtt sér leiðsögn"
    ),
    "Outreach to families who have recently moved to Iceland": (
        "Vettvangsstarf með fjölskyldum sem eru nýfluttar til Íslands"
    ),
    "Leisure grants for low-income families": "Frístundastyrkir fyrir tekjulágar fjölskyldur",
    "The youth council reviews the service design": "Ungmennaráð rýnir þjónustuhönnunina",
    "Digital handover of the case history, with consent": (
        "Stafræn afhending málasögu, með samþykki"
    ),
    "Pupils map their routes to school": "Nemendur kortleggja leiðir sínar í skólann",
    "Universal design review": "Rýni á algildri hönnun",
    "Materials in the main home languages": "Efni á helstu heimamálum barna",
    "Libraries run reading sessions for families": (
        "Bókasöfn halda lestrarstundir fyrir fjölskyldur"
    ),
    "Interpreters and outreach to families new to Iceland": (
        "Túlkar og vettvangsstarf með fjölskyldum sem eru nýkomnar til Íslands"
    ),
    "Lessons built into the social studies curriculum": (
        "Kennslustundir felldar inn í námskrá samfélagsgreina"
    ),
    "Funding agreement with the state": "Fjármögnunarsamningur við ríkið",
    "Negotiations with the state and neighbouring municipalities": (
        "Samningaviðræður við ríkið og nágrannasveitarfélögin"
    ),
    "Real-time passenger information": "Rauntímaupplýsingar fyrir farþega",
    "Sorting guidance and bin orders online": "Flokkunarleiðbeiningar og tunnupantanir á netinu",
    "Chargers at city workplaces": "Hleðslustöðvar á vinnustöðum borgarinnar",
    # -- milestones ------------------------------------------------------------------------------
    "Pilot teams running in 12 schools": "Tilraunateymi starfa í 12 skólum",
    "Solution team guide published": "Leiðarvísir um lausnateymi gefinn út",
    "Teams active in every compulsory school": "Teymi starfa í öllum grunnskólum",
    "Teams active in every preschool": "Teymi starfa í öllum leikskólum",
    "A contact person named in every school and preschool": (
        "Tengiliður tilnefndur í öllum skólum og leikskólum"
    ),
    "Training course for contact persons completed": "Námskeiði fyrir tengiliði lokið",
    "First yearly review with families": "Fyrsta árlega rýnin með fjölskyldum",
    "Counsellors recruited for two pilot districts": "Ráðgjafar ráðnir í tvö tilraunahverfi",
    "Pilot extended to Breiðholt": "Tilraunin útvíkkuð til Breiðholts",
    "Evaluation report to the school board": "Matsskýrsla lögð fyrir skóla- og frístundaráð",
    "Course material tested with 40 families": "Námsefni prófað með 40 fjölskyldum",
    "Courses offered in three languages": "Námskeið í boði á þremur tungumálum",
    "Courses running in every district": "Námskeið haldin í öllum hverfum",
    "Online course for parents": "Netnámskeið fyrir foreldra",
    "Session model agreed with the school psychology service": (
        "Fundalíkan samþykkt með sálfræðiþjónustu skóla"
    ),
    "First 100 families completed the sessions": "Fyrstu 100 fjölskyldurnar luku fundunum",
    "Waiting list under four weeks": "Bið á biðlista styttri en fjórar vikur",
    "Service model approved by the city council": "Borgarstjórn samþykkti þjónustulíkanið",
    "Level 2 teams in every service centre": "Teymi á 2. þrepi í öllum þjónustumiðstöðvum",
    "Level 3 specialist team shared by Welfare and Education": (
        "Sameiginlegt sérfræðiteymi velferðarsviðs og skóla- og frístundasviðs á 3. þrepi"
    ),
    "External evaluation of the model": "Ytra mat á líkaninu",
    "Drop-in counselling in five youth centres": "Opin ráðgjöf í fimm félagsmiðstöðvum",
    "Drop-in counselling in every district": "Opin ráðgjöf í öllum hverfum",
    "Requirements agreed with Welfare and Education": (
        "Kröfur samþykktar með velferðarsviði og skóla- og frístundasviði"
    ),
    "Data-sharing agreement signed": "Samningur um miðlun gagna undirritaður",
    "First service centre using the system": "Fyrsta þjónustumiðstöðin tekur kerfið í notkun",
    "First Child Prosperity Day held": "Fyrsti farsældardagur barna haldinn",
    "Expanded to a full Child Prosperity Week": "Útvíkkað í heila farsældarviku barna",
    "Children's council sets next year's programme": "Barnaráð ákveður dagskrá næsta árs",
    "Four leisure guides hired": "Fjórir frístundaleiðbeinendur ráðnir",
    "300 children matched with an activity": "300 börn hafa fundið sér frístund",
    "Decision on scaling to every district": "Ákvörðun um útvíkkun til allra hverfa",
    "Interviews with 30 young people leaving child services": (
        "Viðtöl við 30 ungmenni sem eru að ljúka þjónustu við börn"
    ),
    "Service design proposal to the welfare council": (
        "Tillaga að þjónustuhönnun lögð fyrir velferðarráð"
    ),
    "Safe-route plans for 20 schools": "Áætlanir um öruggar leiðir fyrir 20 skóla",
    "Ten playgrounds renovated to universal design": (
        "Tíu leiksvæði endurgerð samkvæmt algildri hönnun"
    ),
    "Traffic calming at every compulsory school": "Umferðarróandi aðgerðir við alla grunnskóla",
    "Language screening at ages 2½ and 4 in every preschool": (
        "Málþroskaskimun við 2½ og 4 ára aldur í öllum leikskólum"
    ),
    "Book bags for every two-year-old": "Bókapokar fyrir öll tveggja ára börn",
    "Home-visit pilot running in Breiðholt": "Tilraun með heimsóknir hafin í Breiðholti",
    "Evaluation of the pilot": "Mat á tilrauninni",
    "Lesson plans designed with pupils": "Kennsluáætlanir hannaðar með nemendum",
    "Trial in six schools": "Tilraun í sex skólum",
    "Cycling plan adopted by the city council": "Borgarstjórn samþykkti hjólreiðaáætlunina",
    "30 km of new separated cycle paths": "30 km af nýjum aðskildum hjólastígum",
    "Cycle parking at every school": "Hjólastæði við alla skóla",
    "Route design for phase 1 approved": "Leiðarhönnun 1. áfanga samþykkt",
    "Construction contract for the Fossvogur bridge": "Verksamningur um brú yfir Fossvog",
    "Food-waste bins delivered to every home": "Tunnur fyrir matarleifar komnar á öll heimili",
    "Sorting campaign in apartment blocks": "Flokkunarátak í fjölbýlishúsum",
    "Fleet plan adopted": "Áætlun um bílaflotann samþykkt",
    "Chargers at 40 city workplaces": "Hleðslustöðvar á 40 vinnustöðum borgarinnar",
    "Every new lease electric": "Öll ný ökutæki á rekstrarleigu rafknúin",
    # -- progress updates: summaries, next steps, blockers ---------------------------------------
    "Solution teams now meet every two weeks in all 36 compulsory schools and in 52 of 64 "
    "preschools. Teachers report much quicker access to a psychologist.": (
        "Lausnateymi hittast nú aðra hverja viku í öllum 36 grunnskólunum og í 52 af 64 "
        "leikskólum. Kennarar segja mun fljótlegra en áður að fá sálfræðing."
    ),
    "Start teams in the remaining 12 preschools by spring and train new preschool heads.": (
        "Koma teymum á fót í þeim 12 leikskólum sem eftir eru fyrir vorið og þjálfa nýja "
        "leikskólastjóra."
    ),
    "Eight more preschools joined. A review of 300 cases showed that half were resolved inside "
    "the school, without a referral to specialist services.": (
        "Átta leikskólar bættust við. Yfirferð 300 mála sýndi að helmingur þeirra leystist innan "
        "skólans, án tilvísunar í sérfræðiþjónustu."
    ),
    "Share the case review with school heads and the Welfare steering group.": (
        "Kynna yfirferð málanna fyrir skólastjórum og stýrihópi velferðarsviðs."
    ),
    "Two school psychologist posts stayed vacant, so the teams in Breiðholt met monthly instead "
    "of every two weeks.": (
        "Tvær stöður skólasálfræðinga voru ómannaðar og því hittust teymin í Breiðholti "
        "mánaðarlega í stað aðra hverja viku."
    ),
    "Borrow a psychologist from the Breiðholt service centre until the posts are filled.": (
        "Fá sálfræðing lánaðan frá þjónustumiðstöð Breiðholts þar til ráðið hefur verið í "
        "stöðurnar."
    ),
    "Shortage of school psychologists.": "Skortur á skólasálfræðingum.",
    "Every school and preschool has a named prosperity contact person. 1,140 families asked for "
    "integrated support this year, up from 860 last year.": (
        "Allir skólar og leikskólar hafa tilnefndan tengilið farsældar. 1.140 fjölskyldur óskuðu "
        "eftir samþættri þjónustu á árinu, en 860 í fyrra."
    ),
    "Publish the yearly review and update the contact list for the new school year.": (
        "Birta árlegu rýnina og uppfæra tengiliðalistann fyrir nýtt skólaár."
    ),
    "The contact-person network met twice. The guidance on first conversations with families "
    "was rewritten after feedback from parents.": (
        "Tengiliðanetið hittist tvisvar. Leiðbeiningar um fyrstu samtöl við fjölskyldur voru "
        "endurskrifaðar eftir ábendingar frá foreldrum."
    ),
    "Test the new guidance in ten schools before the autumn term.": (
        "Prófa nýju leiðbeiningarnar í tíu skólum fyrir haustönn."
    ),
    "Counsellors made 210 home visits this quarter; 60% of the pupils visited were back in class "
    "within six weeks. The evaluation report is late.": (
        "Ráðgjafar fóru í 210 heimsóknir á ársfjórðungnum; 60% nemendanna sem voru heimsóttir "
        "sneru aftur í skólann innan sex vikna. Matsskýrslan er á eftir áætlun."
    ),
    "Finish the evaluation and propose whether the service should cover every district.": (
        "Ljúka matinu og gera tillögu um hvort þjónustan eigi að ná til allra hverfa."
    ),
    "Attendance data from the school information system arrived three weeks late.": (
        "Mætingargögn úr upplýsingakerfi skólanna bárust þremur vikum of seint."
    ),
    "The pilot now runs in Breiðholt as well as Árbær and Grafarvogur. Parents rate the visits "
    "4.5 out of 5.": (
        "Tilraunin stendur nú yfir í Breiðholti auk Árbæjar og Grafarvogs. Foreldrar gefa "
        "heimsóknunum 4,5 af 5 í einkunn."
    ),
    "Agree the evaluation questions with the school board.": (
        "Ákveða matsspurningarnar með skóla- og frístundaráði."
    ),
    "Courses now run in all ten districts; 236 parents finished a course this quarter, a third "
    "of them in Polish or Arabic.": (
        "Námskeið eru nú haldin í öllum tíu hverfunum; 236 foreldrar luku námskeiði á "
        "ársfjórðungnum, þriðjungur þeirra á pólsku eða arabísku."
    ),
    "Record the online version of the course and test it with twenty families.": (
        "Taka upp netútgáfu námskeiðsins og prófa hana með tuttugu fjölskyldum."
    ),
    "Waiting times for a course place fell below three weeks after two new course leaders "
    "started.": (
        "Bið eftir plássi á námskeiði styttist í innan við þrjár vikur eftir að tveir nýir "
        "leiðbeinendur hófu störf."
    ),
    "Open courses in Kjalarnes and Grafarholt og Úlfarsárdalur.": (
        "Hefja námskeið á Kjalarnesi og í Grafarholti og Úlfarsárdal."
    ),
    "Demand doubled after the autumn information evening; 140 families are on the waiting list "
    "and the average wait is nine weeks.": (
        "Eftirspurn tvöfaldaðist eftir kynningarkvöldið í haust; 140 fjölskyldur eru á biðlista "
        "og meðalbiðtíminn er níu vikur."
    ),
    "Train four more session leaders and offer group sessions for parents.": (
        "Þjálfa fjóra leiðbeinendur til viðbótar og bjóða foreldrum upp á hópfundi."
    ),
    "Only three trained session leaders are available.": (
        "Aðeins þrír þjálfaðir leiðbeinendur eru til taks."
    ),
    "96 families completed all four sessions this quarter. Parents report fewer school days "
    "missed because of anxiety.": (
        "96 fjölskyldur luku öllum fjórum fundunum á ársfjórðungnum. Foreldrar segja börnin "
        "missa færri skóladaga vegna kvíða."
    ),
    "Present the results at the school psychologists' autumn meeting.": (
        "Kynna niðurstöðurnar á haustfundi skólasálfræðinga."
    ),
    "The joint level 3 team started work in one building. The median wait for a first meeting "
    "fell to 19 days.": (
        "Sameiginlega teymið á 3. þrepi hóf störf undir einu þaki. Miðgildi biðtíma eftir fyrsta "
        "fundi fór niður í 19 daga."
    ),
    "Commission the external evaluation and agree its questions with the council.": (
        "Panta ytra matið og ákveða matsspurningarnar með ráðinu."
    ),
    "Merging the Welfare and Education specialist teams took longer than planned because of "
    "different employment contracts.": (
        "Sameining sérfræðiteyma velferðarsviðs og skóla- og frístundasviðs tók lengri tíma en "
        "áætlað var vegna ólíkra kjarasamninga."
    ),
    "Finish the staff agreement and move the team into one building.": (
        "Ljúka samkomulagi við starfsfólk og flytja teymið undir eitt þak."
    ),
    "Two unions must agree the new job descriptions.": (
        "Tvö stéttarfélög þurfa að samþykkja nýju starfslýsingarnar."
    ),
    "Every service centre now has a level 2 team. Schools send fewer cases straight to level 3.": (
        "Allar þjónustumiðstöðvar hafa nú teymi á 2. þrepi. Skólar vísa færri málum beint á 3. "
        "þrep."
    ),
    "Prepare the merger of the specialist teams.": "Undirbúa sameiningu sérfræðiteymanna.",
    "Drop-in hours run in seven of ten districts. Visits fell over the summer when youth centres "
    "had shorter opening hours.": (
        "Opnir tímar eru í sjö af tíu hverfum. Heimsóknum fækkaði í sumar þegar félagsmiðstöðvar "
        "voru með styttri opnunartíma."
    ),
    "Find rooms in Kjalarnes, Hlíðar and Háaleiti og Bústaðir.": (
        "Finna húsnæði á Kjalarnesi, í Hlíðum og í Háaleiti og Bústöðum."
    ),
    "No suitable rooms yet in three districts.": "Enn ekkert hentugt húsnæði í þremur hverfum.",
    "1,020 visits this quarter, 40% of them by parents. Most visitors had never been in contact "
    "with the service centre before.": (
        "1.020 heimsóknir á ársfjórðungnum, 40% þeirra frá foreldrum. Flestir gestanna höfðu "
        "aldrei áður haft samband við þjónustumiðstöðina."
    ),
    "Extend the opening hours in Breiðholt to two evenings a week.": (
        "Lengja opnunartímann í Breiðholti í tvö kvöld í viku."
    ),
    "Testing with two service centres went well, but the system cannot go live until the "
    "data-sharing agreement is signed.": (
        "Prófanir með tveimur þjónustumiðstöðvum gengu vel, en kerfið verður ekki tekið í notkun "
        "fyrr en samningur um miðlun gagna hefur verið undirritaður."
    ),
    "Meet the Data Protection Authority and agree a consent form with parents' representatives.": (
        "Funda með Persónuvernd og semja um eyðublað fyrir samþykki við fulltrúa foreldra."
    ),
    "The data-sharing agreement between Welfare and Education is waiting for the Data "
    "Protection Authority's opinion; the vendor's school-system link is late.": (
        "Samningur velferðarsviðs og skóla- og frístundasviðs um miðlun gagna bíður álits "
        "Persónuverndar; tenging söluaðilans við skólakerfið er á eftir áætlun."
    ),
    "User testing with 24 caseworkers found the consent steps confusing.": (
        "Notendaprófanir með 24 málastjórum leiddu í ljós að skrefin um samþykki voru ruglingsleg."
    ),
    "Simplify the consent steps and test again.": "Einfalda skrefin um samþykki og prófa aftur.",
    "Vendor capacity is limited until the new year.": (
        "Söluaðilinn hefur takmarkaða getu fram að áramótum."
    ),
    "The vendor delivered the first version and the test environment is running.": (
        "Söluaðilinn afhenti fyrstu útgáfuna og prófunarumhverfið er komið í gang."
    ),
    "Start user testing in two service centres.": (
        "Hefja notendaprófanir í tveimur þjónustumiðstöðvum."
    ),
    "Child Prosperity Week had 140 events and about 9,000 visitors. The children's council chose "
    "the theme: a city where you can get around on your own.": (
        "Í farsældarviku barna voru 140 viðburðir og um 9.000 gestir. Barnaráðið valdi þemað: "
        "borg þar sem þú kemst leiðar þinnar sjálf eða sjálfur."
    ),
    "Evaluate the week with the children's council and start next year's plan.": (
        "Meta vikuna með barnaráðinu og hefja undirbúning næsta árs."
    ),
    "The programme is ready, with events in every district and in four languages.": (
        "Dagskráin er tilbúin, með viðburðum í öllum hverfum og á fjórum tungumálum."
    ),
    "Run the week and count visitors at every event.": (
        "Halda vikuna og telja gesti á hverjum viðburði."
    ),
    "412 children have been matched with an activity since the start; 70% still take part six "
    "months later.": (
        "412 börn hafa fundið sér frístund frá upphafi; 70% þeirra taka enn þátt sex mánuðum síðar."
    ),
    "Prepare the decision paper on scaling to every district.": (
        "Undirbúa minnisblað um útvíkkun til allra hverfa til ákvörðunar."
    ),
    "Clubs in Breiðholt and Fellahverfi offered 60 free trial places for children guided by the "
    "service.": (
        "Félög í Breiðholti og Fellahverfi buðu 60 ókeypis prufupláss fyrir börn sem þjónustan "
        "leiðbeinir."
    ),
    "Ask the sports clubs in Grafarvogur for trial places.": (
        "Óska eftir prufuplássum hjá íþróttafélögunum í Grafarvogi."
    ),
    "Interviews with 31 young people are finished. The main finding: support often stops "
    "abruptly on the 18th birthday and nobody tells them where to go next.": (
        "Viðtölum við 31 ungmenni er lokið. Helsta niðurstaðan: stuðningurinn hættir oft "
        "skyndilega á 18 ára afmælinu og enginn segir þeim hvert þau eigi að leita næst."
    ),
    "Draft the service design with the youth council.": (
        "Semja drög að þjónustuhönnun með ungmennaráði."
    ),
    "A caseworker and a service designer started; interview questions were agreed with the "
    "youth council.": (
        "Málastjóri og þjónustuhönnuður hófu störf; viðtalsspurningar voru ákveðnar með "
        "ungmennaráði."
    ),
    "Interview young people who left child services in the last two years.": (
        "Taka viðtöl við ungmenni sem luku þjónustu við börn á síðustu tveimur árum."
    ),
    "Six of ten playgrounds are renovated. Tenders for the last four came in well over budget.": (
        "Sex af tíu leiksvæðum hafa verið endurgerð. Tilboð í síðustu fjögur voru langt yfir "
        "kostnaðaráætlun."
    ),
    "Re-tender the last four playgrounds as one contract.": (
        "Bjóða síðustu fjögur leiksvæðin út aftur í einum samningi."
    ),
    "Construction prices rose faster than the budget.": (
        "Byggingarkostnaður hækkaði hraðar en fjárheimildir."
    ),
    "Safe-route plans are ready for 24 schools; 30 km/h zones now cover every school street in "
    "Vesturbær and Hlíðar.": (
        "Áætlanir um öruggar leiðir eru tilbúnar fyrir 24 skóla; 30 km/klst. svæði ná nú yfir "
        "allar skólagötur í Vesturbæ og Hlíðum."
    ),
    "Start the playground renovations in spring.": "Hefja endurgerð leiksvæðanna í vor.",
    "Screening reached 94% of children at age 4. Children who got extra language play improved "
    "their scores more than expected.": (
        "Skimunin náði til 94% fjögurra ára barna. Börn sem fengu aukna málörvun bættu sig "
        "meira en búist var við."
    ),
    "Add Ukrainian and Spanish to the book bags.": "Bæta úkraínsku og spænsku í bókapokana.",
    "Book bags were handed out to 1,300 families at the two-year check.": (
        "Bókapokum var dreift til 1.300 fjölskyldna í tveggja ára skoðun."
    ),
    "Survey families on how they use the book bags.": (
        "Kanna hvernig fjölskyldur nota bókapokana."
    ),
    "The steering group stopped the test after the evaluation: families valued the visits, but "
    "they overlapped with the health-care home visits.": (
        "Stýrihópurinn hætti tilrauninni eftir matið: fjölskyldur kunnu að meta heimsóknirnar, "
        "en þær sköruðust við heimavitjanir heilsugæslunnar."
    ),
    "Move the counselling know-how into the level 2 teams of the three-level model.": (
        "Færa þekkinguna úr ráðgjöfinni til teymanna á 2. þrepi þriggja þrepa líkansins."
    ),
    "The visits duplicated the state health care's home visits and confused families.": (
        "Heimsóknirnar tvöfölduðu heimavitjanir heilsugæslunnar og rugluðu fjölskyldur."
    ),
    "The evaluation found that most families already had home visits from the health-care "
    "centre.": (
        "Matið leiddi í ljós að flestar fjölskyldur fengu þegar heimavitjanir frá "
        "heilsugæslustöðinni."
    ),
    "Discuss with the health-care centres whether to merge the visits.": (
        "Ræða við heilsugæslustöðvarnar um hvort sameina eigi heimsóknirnar."
    ),
    "Overlap with the health-care home visits.": "Skörun við heimavitjanir heilsugæslunnar.",
    "Pupils from four schools helped write the first six lessons.": (
        "Nemendur úr fjórum skólum tóku þátt í að semja fyrstu sex kennslustundirnar."
    ),
    "Choose six schools for the trial and train their teachers.": (
        "Velja sex skóla í tilraunina og þjálfa kennara þeirra."
    ),
    "32 km of separated cycle paths are finished. Counters show 18% more cycle trips than a year "
    "ago.": (
        "32 km af aðskildum hjólastígum eru tilbúnir. Teljarar sýna 18% fleiri hjólaferðir en "
        "fyrir ári."
    ),
    "Build cycle parking at the first 15 schools.": ("Koma upp hjólastæðum við fyrstu 15 skólana."),
    "Detailed design of phase 1 is finished, but the bridge contract is delayed.": (
        "Verkhönnun 1. áfanga er lokið, en samningur um brúna hefur tafist."
    ),
    "Agree the revised cost split for the bridge with the state.": (
        "Semja við ríkið um endurskoðaða kostnaðarskiptingu vegna brúarinnar."
    ),
    "The cost split for the Fossvogur bridge is not yet agreed.": (
        "Enn hefur ekki náðst samkomulag um kostnaðarskiptingu vegna Fossvogsbrúar."
    ),
    "Food waste collected separately rose to 41 kg per resident; contamination is down to 4%.": (
        "Sérsöfnun matarleifa jókst í 41 kg á íbúa; hlutfall aðskotaefna er komið niður í 4%."
    ),
    "Focus the sorting campaign on large apartment blocks.": (
        "Beina flokkunarátakinu að stórum fjölbýlishúsum."
    ),
    "Electric vehicles are now 71% of the fleet; 22 vans were replaced this quarter.": (
        "Rafknúin ökutæki eru nú 71% flotans; 22 sendibílum var skipt út á ársfjórðungnum."
    ),
    "Order electric vans for the parks service.": "Panta rafknúna sendibíla fyrir garðyrkjuna.",
    # generic older updates
    "The quarterly review with the partner departments found the work on plan and within budget.": (
        "Ársfjórðungsrýni með samstarfssviðunum leiddi í ljós að verkið er á áætlun og innan "
        "fjárheimilda."
    ),
    "Keep to the plan and report the figures to the steering group.": (
        "Halda áætlun og skila tölunum til stýrihópsins."
    ),
    "Feedback from the people using the service was collected and summarised for the steering "
    "group.": ("Ábendingum notenda þjónustunnar var safnað og þær teknar saman fyrir stýrihópinn."),
    "Adjust the next round of activities to the feedback.": (
        "Laga næstu lotu verkefna að ábendingunum."
    ),
    "Staff turnover slowed the work this quarter; two posts were vacant for several weeks.": (
        "Starfsmannavelta hægði á verkinu á ársfjórðungnum; tvær stöður voru ómannaðar í "
        "nokkrar vikur."
    ),
    "Fill the vacant posts and catch up on the delayed activities.": (
        "Ráða í lausu stöðurnar og vinna upp tafirnar."
    ),
    "Recruitment is taking longer than planned.": "Ráðningar taka lengri tíma en áætlað var.",
    "Activities ran as planned in every district taking part.": (
        "Starfið gekk samkvæmt áætlun í öllum hverfum sem taka þátt."
    ),
    "Prepare the half-yearly status report for the city council.": (
        "Undirbúa hálfsársstöðuskýrslu fyrir borgarstjórn."
    ),
    "Work paused for most of the quarter while this year's budget was renegotiated.": (
        "Vinnan lá niðri mestallan ársfjórðunginn á meðan fjárhagsáætlun ársins var endursamin."
    ),
    "Restart the paused work as soon as the budget is confirmed.": (
        "Hefja vinnuna á ný um leið og fjárhagsáætlunin hefur verið staðfest."
    ),
    "The budget for the year was confirmed three months late.": (
        "Fjárhagsáætlun ársins var staðfest þremur mánuðum of seint."
    ),
    "The partner departments agreed a shared work plan for the coming year.": (
        "Samstarfssviðin sömdu um sameiginlega verkáætlun fyrir komandi ár."
    ),
    "Put the shared plan into practice and review it in three months.": (
        "Hrinda sameiginlegu áætluninni í framkvæmd og endurskoða hana eftir þrjá mánuði."
    ),
    # -- indicator definitions -------------------------------------------------------------------
    "Share of children referred for specialist support (psychologist, speech therapist or social "
    "worker) who had waited more than three months for a first appointment on 1 December.": (
        "Hlutfall barna sem vísað var í sérfræðiaðstoð (til sálfræðings, talmeinafræðings eða "
        "félagsráðgjafa) og höfðu beðið lengur en þrjá mánuði eftir fyrsta tíma 1. desember."
    ),
    "Share of pupils in grades 5 to 10 who answer 'always' or 'mostly' to 'I feel safe at "
    "school' in the spring well-being survey.": (
        "Hlutfall nemenda í 5. til 10. bekk sem svara „alltaf“ eða „oftast“ við spurningunni "
        "„Finnst þér þú vera örugg(ur) í skólanum?“ í vorkönnun á líðan nemenda."
    ),
    "Share of 15-year-olds at or above PISA proficiency level 2 in reading (SDG indicator "
    "4.1.1). National figures, shown here as an illustration for the city.": (
        "Hlutfall 15 ára nemenda sem ná að minnsta kosti 2. hæfniþrepi PISA í lesskilningi "
        "(heimsmarkmiðavísir 4.1.1). Landstölur, sýndar hér sem dæmi fyrir borgina."
    ),
    "Share of five-year-olds in organised learning one year before compulsory school (SDG "
    "indicator 4.2.2). No target: the figure is close to its natural limit of 100 %.": (
        "Hlutfall fimm ára barna í skipulögðu námi ári áður en grunnskólaganga hefst "
        "(heimsmarkmiðavísir 4.2.2). Ekkert markmið: talan er nálægt náttúrulegu hámarki sínu, "
        "100 %."
    ),
    "Deaths of children under five per 1,000 live births (SDG indicator 3.2.1). A context "
    "indicator: small numbers make the yearly figure jump.": (
        "Dauðsföll barna yngri en fimm ára á hver 1.000 lifandi fædd börn (heimsmarkmiðavísir "
        "3.2.1). Samhengisvísir: vegna fárra tilvika sveiflast árleg tala mikið."
    ),
    "Share of people with disposable income below 60 % of the national median (SDG indicator "
    "1.2.1), by sex and age; the age 0-15 breakdown shows children.": (
        "Hlutfall fólks með ráðstöfunartekjur undir 60 % af miðgildi á landsvísu "
        "(heimsmarkmiðavísir 1.2.1), eftir kyni og aldri; aldursflokkurinn 0-15 ára sýnir börn."
    ),
    "Median number of calendar days between a referral to the service centre and the family's "
    "first meeting with a counsellor, for referrals closed in the month.": (
        "Miðgildi almanaksdaga frá tilvísun til þjónustumiðstöðvar að fyrsta fundi "
        "fjölskyldunnar með ráðgjafa, fyrir tilvísanir sem lokið var í mánuðinum."
    ),
    "Number of children placed in emergency care outside their home during the year, by the "
    "district they lived in. Small counts: suppressed on public pages.": (
        "Fjöldi barna sem voru vistuð í neyðarvistun utan heimilis á árinu, eftir hverfinu sem "
        "þau bjuggu í. Lágar tölur eru ekki birtar á opinberum síðum."
    ),
    "Share of the city's 100 compulsory schools and preschools whose solution team met at least "
    "four times in the quarter.": (
        "Hlutfall þeirra 100 grunnskóla og leikskóla borgarinnar þar sem lausnateymið hittist að "
        "minnsta kosti fjórum sinnum á ársfjórðungnum."
    ),
    "Share of children aged 6 to 18 registered in at least one organised sport, club or art "
    "activity during the year. Participation drops sharply at 16 to 18.": (
        "Hlutfall barna á aldrinum 6 til 18 ára sem eru skráð í að minnsta kosti eina "
        "skipulagða íþrótt, klúbb eða listgrein á árinu. Þátttakan minnkar verulega við 16 til "
        "18 ára aldur."
    ),
    "Number of parents who attended at least three of the four course evenings.": (
        "Fjöldi foreldra sem sóttu að minnsta kosti þrjú af fjórum námskeiðskvöldum."
    ),
    "Share of pupils in grades 5 to 10 who report being bullied two or more times in the last "
    "two months, in the spring well-being survey.": (
        "Hlutfall nemenda í 5. til 10. bekk sem segjast hafa orðið fyrir einelti tvisvar eða "
        "oftar síðustu tvo mánuði, í vorkönnun á líðan nemenda."
    ),
    "Emissions from transport, heating, waste and industry inside the city limits, divided by "
    "the population on 1 January.": (
        "Losun frá samgöngum, húshitun, úrgangi og iðnaði innan borgarmarkanna, deilt með "
        "íbúafjölda 1. janúar."
    ),
    "Share of residents' everyday trips made on foot, by bicycle or scooter, or by public "
    "transport, from the travel survey panel.": (
        "Hlutfall daglegra ferða íbúa sem eru farnar gangandi, á reiðhjóli eða hlaupahjóli eða "
        "með almenningssamgöngum, samkvæmt ferðavenjukönnun."
    ),
    "Share of the city's cars and vans that are fully electric on 31 December.": (
        "Hlutfall fólksbíla og sendibíla borgarinnar sem eru að fullu rafknúnir 31. desember."
    ),
    # -- indicator units -------------------------------------------------------------------------
    "%": "%",
    "days": "dagar",
    "children": "börn",
    "parents": "foreldrar",
    "per 1,000 live births": "á 1.000 lifandi fædda",
    "t CO2e": "t CO₂-ígildi",
    # -- indicator sources -----------------------------------------------------------------------
    "Welfare Department waiting-list register (illustrative figures)": (
        "Biðlistaskrá velferðarsviðs (dæmatölur)"
    ),
    "Reykjavík pupil well-being survey (illustrative figures)": (
        "Könnun á líðan nemenda í Reykjavík (dæmatölur)"
    ),
    "Statistics Iceland (national figures, used as an illustration)": (
        "Hagstofa Íslands (landstölur, notaðar sem dæmi)"
    ),
    "Welfare service centres' case register (illustrative figures)": (
        "Málaskrá þjónustumiðstöðva velferðarsviðs (dæmatölur)"
    ),
    "Reykjavík Child Protection Services (illustrative figures)": (
        "Barnavernd Reykjavíkur (dæmatölur)"
    ),
    "Education and Youth school reports (illustrative figures)": (
        "Skólaskýrslur skóla- og frístundasviðs (dæmatölur)"
    ),
    "Leisure card register and youth survey (illustrative figures)": (
        "Skrá Frístundakortsins og æskulýðskönnun (dæmatölur)"
    ),
    "Welfare course registrations (illustrative figures)": (
        "Námskeiðsskráningar velferðarsviðs (dæmatölur)"
    ),
    "Reykjavík climate accounts (illustrative figures)": (
        "Loftslagsbókhald Reykjavíkur (dæmatölur)"
    ),
    "Capital-area travel survey panel (illustrative figures)": (
        "Ferðavenjukönnun höfuðborgarsvæðisins (dæmatölur)"
    ),
    "City fleet register (illustrative figures)": "Ökutækjaskrá borgarinnar (dæmatölur)",
}


def icelandic(text: str) -> str:
    """The Icelandic of an English demo text ("" stays ""); a missing one is an error in the
    seed, not a fallback."""
    if not text:
        return ""
    return TEXT_IS[text]
