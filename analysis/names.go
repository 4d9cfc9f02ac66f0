package analysis

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// nameLangs are the languages of nameTable's columns, in order.
var nameLangs = [5]string{"fr", "en", "de", "ru", "es"}

// nameTable lists the places, bodies and people most present in
// international news, one a line: an identifier, then the forms each
// language's press writes, in the columns of nameLangs (fr | en | de | ru |
// es), comma-separated. The first form of a column is the name itself, the
// one TranslateNames gives; the others are variants, adjectives and
// demonyms that carry the name (égyptien, Egyptian, ägyptisch, египетский,
// egipcio). The common inflections of Latin-script forms are derived (see
// nameVariants): German genitive "Ägyptens", French and Spanish feminine and
// plural adjectives, English plural demonyms. A Russian form matches its
// inflections through the Russian stemmer ("Москва", "Москве"); those
// the stemmer does not merge (the fleeting vowel of "Египет", "Египта")
// are listed. A form of two words matches the two words in a row.
//
// Written by hand from general knowledge, with the heads of state and
// government of the years 2012 and 2025. The countries are those of the
// European Union and of the Balkans and most of the others the news of
// several continents name (2026-12: Croatia, Burma, Kazakhstan… were
// missing, so "kroatischen" and "Burmese" met no French article). Forms that are also common words
// of one of the languages are left out ("UN" and "un", "EU" and "eu", "US"
// and "us", "WHO", "Nice", "Chili" and "chili"); so are names written the
// same everywhere, which match already by their spelling (NameKey).
const nameTable = `
france | France, français, française | France, French | Frankreich, französisch, Franzose, Franzosen | Франция, французский, француз, французы | Francia, francés, francesa, franceses
germany | Allemagne, allemand | Germany, German | Deutschland, deutsch, Deutsche, Deutschen | Германия, немецкий, германский, немцы, немец | Alemania, alemán, alemana, alemanes
russia | Russie, russe | Russia, Russian | Russland, russisch, Russe, Russen | Россия, российский, русский, россиянин, россияне | Rusia, ruso
spain | Espagne, espagnol | Spain, Spanish, Spaniard | Spanien, spanisch, Spanier | Испания, испанский, испанец, испанцы | España, español, española, españoles
uk | Royaume-Uni, britannique, Grande-Bretagne | United Kingdom, British, Britain, Briton | Großbritannien, britisch, Brite, Briten, Vereinigtes Königreich | Великобритания, британский, британец, британцы, Соединённое Королевство | Reino Unido, británico, Gran Bretaña
england | Angleterre, anglais | England, English | England, englisch, Engländer | Англия, английский, англичанин, англичане | Inglaterra, inglés, inglesa, ingleses
usa | États-Unis, américain, USA | United States, American, USA | Vereinigte Staaten, Vereinigten Staaten, amerikanisch, Amerikaner, USA | США, Соединённые Штаты, Соединённых Штатов, американский, американец, американцы | Estados Unidos, estadounidense, norteamericano, EEUU, EE. UU.
italy | Italie, italien | Italy, Italian | Italien, italienisch, Italiener | Италия, итальянский, итальянец, итальянцы | Italia, italiano
china | Chine, chinois, Pékin | China, Chinese, Beijing, Peking | China, chinesisch, Chinese, Chinesen, Peking | Китай, китайский, Пекин, китаец, китайцы | China, chino, Pekín
japan | Japon, japonais | Japan, Japanese | Japan, japanisch, Japaner | Япония, японский, японец, японцы | Japón, japonés, japonesa, japoneses
india | Inde, indien | India, Indian | Indien, indisch, Inder | Индия, индийский, индиец, индийцы | India, indio, hindú
egypt | Égypte, égyptien | Egypt, Egyptian | Ägypten, ägyptisch, Ägypter | Египет, Египта, Египте, Египтом, Египту, египетский, египтянин, египтяне | Egipto, egipcio
syria | Syrie, syrien | Syria, Syrian | Syrien, syrisch, Syrer | Сирия, сирийский, сириец, сирийцы | Siria, sirio
iran | Iran, iranien | Iran, Iranian | Iran, iranisch, Iraner | Иран, иранский, иранец, иранцы | Irán, iraní, iraníes
iraq | Irak, irakien | Iraq, Iraqi | Irak, irakisch, Iraker | Ирак, иракский, иракцы | Irak, iraquí, iraquíes
israel | Israël, israélien | Israel, Israeli | Israel, israelisch, Israeli | Израиль, израильский, израильтяне | Israel, israelí, israelíes
palestine | Palestine, palestinien | Palestine, Palestinian | Palästina, palästinensisch, Palästinenser | Палестина, палестинский, палестинец, палестинцы | Palestina, palestino
gaza | Gaza | Gaza | Gaza, Gazastreifen | сектор Газа, сектора Газа, секторе Газа, сектором Газа | Gaza
lebanon | Liban, libanais | Lebanon, Lebanese | Libanon, libanesisch | Ливан, ливанский | Líbano, libanés, libanesa, libaneses
turkey | Turquie, turc, turque | Turkey, Turkish, Turk | Türkei, türkisch, Türke, Türken | Турция, турецкий, турок | Turquía, turco
greece | Grèce, grec, grecque | Greece, Greek | Griechenland, griechisch, Grieche, Griechen | Греция, греческий, грек, греки | Grecia, griego
ukraine | Ukraine, ukrainien | Ukraine, Ukrainian | Ukraine, ukrainisch, Ukrainer | Украина, украинский, украинец, украинцы | Ucrania, ucraniano
poland | Pologne, polonais | Poland, Polish | Polen, polnisch | Польша, польский, поляк, поляки | Polonia, polaco
belgium | Belgique, belge | Belgium, Belgian | Belgien, belgisch, Belgier | Бельгия, бельгийский, бельгиец, бельгийцы | Bélgica, belga
netherlands | Pays-Bas, néerlandais, hollandais | Netherlands, Dutch | Niederlande, niederländisch, Niederländer | Нидерланды, нидерландский, Голландия, голландский | Países Bajos, neerlandés, holandés
switzerland | Suisse, suisse | Switzerland, Swiss | Schweiz, schweizerisch, Schweizer | Швейцария, швейцарский | Suiza, suizo
austria | Autriche, autrichien | Austria, Austrian | Österreich, österreichisch, Österreicher | Австрия, австрийский | Austria, austriaco
portugal | Portugal, portugais | Portugal, Portuguese | Portugal, portugiesisch | Португалия, португальский | Portugal, portugués, portuguesa
sweden | Suède, suédois | Sweden, Swedish | Schweden, schwedisch | Швеция, шведский | Suecia, sueco
norway | Norvège, norvégien | Norway, Norwegian | Norwegen, norwegisch | Норвегия, норвежский | Noruega, noruego
denmark | Danemark, danois | Denmark, Danish | Dänemark, dänisch | Дания, датский | Dinamarca, danés, danesa
finland | Finlande, finlandais | Finland, Finnish | Finnland, finnisch | Финляндия, финский | Finlandia, finlandés
ireland | Irlande, irlandais | Ireland, Irish | Irland, irisch | Ирландия, ирландский | Irlanda, irlandés
hungary | Hongrie, hongrois | Hungary, Hungarian | Ungarn, ungarisch | Венгрия, венгерский | Hungría, húngaro
romania | Roumanie, roumain | Romania, Romanian | Rumänien, rumänisch | Румыния, румынский | Rumanía, rumano
serbia | Serbie, serbe | Serbia, Serbian | Serbien, serbisch | Сербия, сербский | Serbia, serbio
czechia | Tchéquie, tchèque | Czech Republic, Czech | Tschechien, tschechisch | Чехия, чешский | Chequia, checo
belarus | Biélorussie, Bélarus, biélorusse | Belarus, Belarusian | Belarus, Weißrussland, belarussisch | Белоруссия, Беларусь, белорусский | Bielorrusia, bielorruso
georgia | Géorgie, géorgien | Georgia, Georgian | Georgien, georgisch | Грузия, грузинский | Georgia, georgiano
armenia | Arménie, arménien | Armenia, Armenian | Armenien, armenisch | Армения, армянский | Armenia, armenio
azerbaijan | Azerbaïdjan, azerbaïdjanais | Azerbaijan, Azerbaijani | Aserbaidschan, aserbaidschanisch | Азербайджан, азербайджанский | Azerbaiyán
afghanistan | Afghanistan, afghan | Afghanistan, Afghan | Afghanistan, afghanisch | Афганистан, афганский | Afganistán, afgano
pakistan | Pakistan, pakistanais | Pakistan, Pakistani | Pakistan, pakistanisch | Пакистан, пакистанский | Pakistán, paquistaní
saudi | Arabie saoudite, saoudien | Saudi Arabia, Saudi | Saudi-Arabien, saudisch | Саудовская Аравия, саудовский | Arabia Saudí, saudí
qatar | Qatar, qatari | Qatar, Qatari | Katar, katarisch | Катар, катарский | Catar, catarí
yemen | Yémen, yéménite | Yemen, Yemeni | Jemen, jemenitisch | Йемен, йеменский | Yemen, yemení
jordan | Jordanie, jordanien | Jordan, Jordanian | Jordanien, jordanisch | Иордания, иорданский | Jordania, jordano
libya | Libye, libyen | Libya, Libyan | Libyen, libysch | Ливия, ливийский | Libia, libio
tunisia | Tunisie, tunisien | Tunisia, Tunisian | Tunesien, tunesisch | Тунис, тунисский | Túnez, tunecino
algeria | Algérie, algérien | Algeria, Algerian | Algerien, algerisch | Алжир, алжирский | Argelia, argelino
morocco | Maroc, marocain | Morocco, Moroccan | Marokko, marokkanisch | Марокко, марокканский | Marruecos, marroquí
mali | Mali, malien | Mali, Malian | Mali, malisch | Мали, малийский | Malí, maliense
nigeria | Nigeria, nigérian | Nigeria, Nigerian | Nigeria, nigerianisch | Нигерия, нигерийский | Nigeria, nigeriano
senegal | Sénégal, sénégalais | Senegal, Senegalese | Senegal, senegalesisch | Сенегал, сенегальский | Senegal, senegalés
ivorycoast | Côte d'Ivoire, ivoirien | Ivory Coast, Ivorian | Elfenbeinküste, ivorisch | Кот-д’Ивуар, ивуарийский | !Costa de Marfil, marfileño
sudan | Soudan, soudanais | Sudan, Sudanese | Sudan, sudanesisch | Судан, суданский | Sudán, sudanés
ethiopia | Éthiopie, éthiopien | Ethiopia, Ethiopian | Äthiopien, äthiopisch | Эфиопия, эфиопский | Etiopía, etíope
somalia | Somalie, somalien | Somalia, Somali | Somalia, somalisch | Сомали, сомалийский | Somalia, somalí
southafrica | !Afrique du Sud, sud-africain | South Africa, South African | Südafrika, südafrikanisch | ЮАР, Южная Африка, южноафриканский | Sudáfrica, sudafricano
congo | Congo, congolais | Congo, Congolese | Kongo, kongolesisch | Конго, конголезский | Congo, congoleño
brazil | Brésil, brésilien | Brazil, Brazilian | Brasilien, brasilianisch | Бразилия, бразильский | Brasil, brasileño
argentina | Argentine, argentin | Argentina, Argentine, Argentinian | Argentinien, argentinisch | Аргентина, аргентинский | Argentina, argentino
mexico | Mexique, mexicain | Mexico, Mexican | Mexiko, mexikanisch | Мексика, мексиканский | México, mexicano
canada | Canada, canadien | Canada, Canadian | Kanada, kanadisch | Канада, канадский | Canadá, canadiense
quebec | Québec, québécois | Quebec | Quebec | Квебек, квебекский | Quebec, quebequense
venezuela | Venezuela, vénézuélien | Venezuela, Venezuelan | Venezuela, venezolanisch | Венесуэла, венесуэльский | Venezuela, venezolano
colombia | Colombie, colombien | Colombia, Colombian | Kolumbien, kolumbianisch | Колумбия, колумбийский | Colombia, colombiano
cuba | Cuba, cubain | Cuba, Cuban | Kuba, kubanisch | Куба, кубинский | Cuba, cubano
haiti | Haïti, haïtien | Haiti, Haitian | Haiti, haitianisch | Гаити, гаитянский | Haití, haitiano
australia | Australie, australien | Australia, Australian | Australien, australisch | Австралия, австралийский | Australia, australiano
korea | Corée, coréen | Korea, Korean | Korea, koreanisch, nordkoreanisch, südkoreanisch, Nordkorea, Südkorea | Корея, корейский, КНДР, северокорейский, южнокорейский | Corea, coreano, norcoreano, surcoreano
vietnam | Viêt Nam, Vietnam, vietnamien | Vietnam, Vietnamese | Vietnam, vietnamesisch | Вьетнам, вьетнамский | Vietnam, vietnamita
thailand | Thaïlande, thaïlandais | Thailand, Thai | Thailand, thailändisch | Таиланд, тайский | Tailandia, tailandés
indonesia | Indonésie, indonésien | Indonesia, Indonesian | Indonesien, indonesisch | Индонезия, индонезийский | Indonesia, indonesio
philippines | Philippines, philippin | Philippines, Filipino, Philippine | Philippinen, philippinisch | Филиппины, филиппинский | Filipinas, filipino
taiwan | Taïwan, taïwanais | Taiwan, Taiwanese | Taiwan, taiwanisch | Тайвань, тайваньский | Taiwán, taiwanés
croatia | Croatie, croate | Croatia, Croatian | Kroatien, kroatisch, Kroate, Kroaten | Хорватия, хорватский, хорват, хорваты | Croacia, croata
slovenia | Slovénie, slovène | Slovenia, Slovenian, Slovene | Slowenien, slowenisch | Словения, словенский | Eslovenia, esloveno
slovakia | Slovaquie, slovaque | Slovakia, Slovak | Slowakei, slowakisch | Словакия, словацкий | Eslovaquia, eslovaco
bulgaria | Bulgarie, bulgare | Bulgaria, Bulgarian | Bulgarien, bulgarisch | Болгария, болгарский | Bulgaria, búlgaro
cyprus | Chypre, chypriote | Cyprus, Cypriot | Zypern, zyprisch | Кипр, кипрский | Chipre, chipriota
malta | Malte, maltais | Malta, Maltese | Malta, maltesisch | Мальта, мальтийский | Malta, maltés
luxembourg | Luxembourg, luxembourgeois | Luxembourg, Luxembourgish | Luxemburg, luxemburgisch | Люксембург, люксембургский | Luxemburgo, luxemburgués
estonia | Estonie, estonien | Estonia, Estonian | Estland, estnisch | Эстония, эстонский | Estonia, estonio
latvia | Lettonie, letton | Latvia, Latvian | Lettland, lettisch | Латвия, латвийский, латышский | Letonia, letón
lithuania | Lituanie, lituanien | Lithuania, Lithuanian | Litauen, litauisch | Литва, Литвы, Литве, литовский | Lituania, lituano
bosnia | Bosnie, bosnien | Bosnia, Bosnian | Bosnien, bosnisch | Босния, боснийский | Bosnia, bosnio
albania | Albanie, albanais | Albania, Albanian | Albanien, albanisch | Албания, албанский | Albania, albanés
kosovo | Kosovo, kosovar | Kosovo, Kosovar | Kosovo, kosovarisch | Косово, косовский | Kosovo, kosovar
montenegro | Monténégro, monténégrin | Montenegro, Montenegrin | Montenegro, montenegrinisch | Черногория, черногорский | Montenegro, montenegrino
moldova | Moldavie, moldave | Moldova, Moldovan | Moldawien, Moldau, moldauisch | Молдавия, Молдова, молдавский | Moldavia, moldavo
iceland | Islande, islandais | Iceland, Icelandic | !Island, isländisch | Исландия, исландский | Islandia, islandés
myanmar | Birmanie, Myanmar, birman | Myanmar, Burma, Burmese | Myanmar, Birma, birmanisch | Мьянма, Бирма, бирманский | Birmania, Myanmar, birmano
bangladesh | Bangladesh, bangladais | Bangladesh, Bangladeshi | Bangladesch | Бангладеш | Bangladés
malaysia | Malaisie, malaisien | Malaysia, Malaysian | Malaysia, malaysisch | Малайзия, малайзийский | Malasia, malasio
singapore | Singapour, singapourien | Singapore, Singaporean | Singapur | Сингапур, сингапурский | Singapur, singapurense
kazakhstan | Kazakhstan, kazakh | Kazakhstan, Kazakh | Kasachstan, kasachisch | Казахстан, казахстанский, казахский | Kazajistán, kazajo
uzbekistan | Ouzbékistan, ouzbek | Uzbekistan, Uzbek | Usbekistan, usbekisch | Узбекистан, узбекский | Uzbekistán, uzbeko
mongolia | Mongolie, mongol | Mongolia, Mongolian | Mongolei, mongolisch | Монголия, монгольский | Mongolia, mongol
nepal | Népal, népalais | Nepal, Nepalese | Nepal, nepalesisch | Непал, непальский | Nepal, nepalí
cambodia | Cambodge, cambodgien | Cambodia, Cambodian | Kambodscha, kambodschanisch | Камбоджа, камбоджийский | Camboya, camboyano
peru | Pérou, péruvien | Peru, Peruvian | Peru, peruanisch | Перу, перуанский | Perú, peruano
bolivia | Bolivie, bolivien | Bolivia, Bolivian | Bolivien, bolivianisch | Боливия, боливийский | Bolivia, boliviano
uruguay | Uruguay, uruguayen | Uruguay, Uruguayan | Uruguay, uruguayisch | Уругвай, уругвайский | Uruguay, uruguayo
paraguay | Paraguay, paraguayen | Paraguay, Paraguayan | Paraguay, paraguayisch | Парагвай, парагвайский | Paraguay, paraguayo
kenya | Kenya, kényan | Kenya, Kenyan | Kenia, kenianisch | Кения, кенийский | Kenia, keniano
cameroon | Cameroun, camerounais | Cameroon, Cameroonian | Kamerun, kamerunisch | Камерун, камерунский | Camerún, camerunés
kuwait | Koweït, koweïtien | Kuwait, Kuwaiti | Kuwait, kuwaitisch | Кувейт, кувейтский | Kuwait, kuwaití
bahrain | Bahreïn, bahreïni | Bahrain, Bahraini | Bahrain | Бахрейн, бахрейнский | Baréin, bareiní
uae | Émirats arabes unis, émirati | United Arab Emirates, Emirati | Vereinigte Arabische Emirate | ОАЭ, Объединённые Арабские Эмираты | Emiratos Árabes Unidos, emiratí
europe | Europe, européen | Europe, European | Europa, europäisch, Europäer | Европа, европейский, европеец | Europa, europeo
africa | Afrique, africain | Africa, African | Afrika, afrikanisch | Африка, африканский | África, africano
asia | Asie, asiatique | Asia, Asian | Asien, asiatisch | Азия, азиатский | Asia, asiático
crimea | Crimée | Crimea, Crimean | Krim | Крым, крымский | Crimea
kursk | Koursk | Kursk | Kursk | Курск, курский | Kursk
donbas | Donbass | Donbas, Donbass | Donbass | Донбасс | Donbás
corsica | Corse, corse | Corsica, Corsican | Korsika, korsisch | Корсика, корсиканский | Córcega, corso
paris | Paris, parisien | Paris, Parisian | Paris, Pariser | Париж, парижский | París, parisino, parisiense
london | Londres, londonien | London, Londoner | London, Londoner | Лондон, лондонский | Londres, londinense
berlin | Berlin, berlinois | Berlin | Berlin, Berliner | Берлин, берлинский | Berlín, berlinés
moscow | Moscou, moscovite | Moscow, Muscovite | Moskau, Moskauer | Москва, московский, москвич | Moscú, moscovita
madrid | Madrid, madrilène | Madrid | Madrid, Madrider | Мадрид, мадридский | Madrid, madrileño
rome | Rome | Rome | Rom, römisch | Рим, Рима, Риме, Римом, римский | Roma, romano
brussels | Bruxelles, bruxellois | Brussels | Brüssel, Brüsseler | Брюссель, брюссельский | Bruselas
washington | Washington | Washington | Washington | Вашингтон | Washington
newyork | New York, new-yorkais | New York, New Yorker | New York | Нью-Йорк, нью-йоркский | Nueva York, neoyorquino
tokyo | Tokyo | Tokyo | Tokio | Токио | Tokio
cairo | Le Caire, cairote | Cairo | Kairo | Каир, каирский | El Cairo
damascus | Damas | Damascus | Damaskus | Дамаск | Damasco
tehran | Téhéran | Tehran | Teheran | Тегеран, тегеранский | Teherán
baghdad | Bagdad | Baghdad | Bagdad | Багдад | Bagdad
kabul | Kaboul | Kabul | Kabul | Кабул | Kabul
jerusalem | Jérusalem | Jerusalem | Jerusalem | Иерусалим | Jerusalén
beirut | Beyrouth | Beirut | Beirut | Бейрут | Beirut
istanbul | Istanbul | Istanbul | Istanbul | Стамбул | Estambul
athens | Athènes, athénien | Athens, Athenian | Athen | Афины, афинский | Atenas
kyiv | Kiev, Kyiv | Kyiv, Kiev | Kiew | Киев, киевский | Kiev
warsaw | Varsovie | Warsaw | Warschau | Варшава | Varsovia
vienna | !Vienne, viennois | Vienna, Viennese | Wien, Wiener | Вена, венский | Viena
geneva | Genève, genevois | Geneva | Genf, Genfer | Женева, женевский | Ginebra
lisbon | Lisbonne | Lisbon | Lissabon | Лиссабон | Lisboa
barcelona | Barcelone, barcelonais | Barcelona | Barcelona | Барселона | Barcelona
munich | Munich | Munich | München, Münchner | Мюнхен, мюнхенский | Múnich
cologne | Cologne | Cologne | Köln, Kölner | Кёльн | !Colonia
marseille | Marseille, marseillais | Marseille, Marseilles | Marseille | Марсель, марсельский | Marsella, marsellés
lyon | Lyon, lyonnais | Lyon, Lyons | Lyon | Лион, лионский | Lyon
strasbourg | Strasbourg, strasbourgeois | Strasbourg | Straßburg | Страсбург | Estrasburgo
montreal | Montréal, montréalais | Montreal | Montreal | Монреаль, монреальский | Montreal
algiers | Alger, algérois | Algiers | Algier | Алжир | Argel
tunis | Tunis | Tunis | Tunis | Тунис | Túnez
tripoli | Tripoli | Tripoli | Tripolis | Триполи | Trípoli
benghazi | Benghazi | Benghazi | Bengasi | Бенгази | Bengasi
timbuktu | Tombouctou | Timbuktu | Timbuktu | Тимбукту | Tombuctú
ouagadougou | Ouagadougou | Ouagadougou | Ouagadougou | Уагадугу | Uagadugú
aleppo | Alep | Aleppo | Aleppo | Алеппо, Халеб | Alepo
homs | Homs | Homs | Homs | Хомс | Homs
seoul | Séoul | Seoul | Seoul | Сеул | Seúl
pyongyang | Pyongyang | Pyongyang | Pjöngjang | Пхеньян | Pionyang
manila | Manille | Manila | Manila | Манила | Manila
saintpetersburg | Saint-Pétersbourg | Saint Petersburg | Sankt Petersburg | Санкт-Петербург, петербургский | San Petersburgo
havana | La Havane | Havana | Havanna | Гавана | La Habana
copenhagen | Copenhague | Copenhagen | Kopenhagen | Копенгаген | Copenhague
stockholm | Stockholm | Stockholm | Stockholm | Стокгольм | Estocolmo
thehague | La Haye | The Hague | Den Haag | Гаага | La Haya
prague | Prague | Prague | Prag | Прага | Praga
venice | Venise, vénitien | Venice, Venetian | Venedig | Венеция, венецианский | Venecia
milan | Milan, milanais | Milan | Mailand | Милан, миланский | Milán
naples | Naples, napolitain | Naples | Neapel | Неаполь | Nápoles
florence | Florence, florentin | Florence | Florenz | Флоренция | Florencia
un | ONU, Nations unies | United Nations | UNO, Vereinten Nationen, Vereinte Nationen | ООН, Организация Объединённых Наций | ONU, Naciones Unidas
eu | UE, Union européenne | European Union | Europäische Union, Europäischen Union | ЕС, Евросоюз, Европейский союз | UE, Unión Europea
nato | OTAN | NATO | NATO, Nato | НАТО | OTAN
who | OMS | World Health | Weltgesundheitsorganisation | ВОЗ | OMS
imf | FMI, Fonds monétaire | IMF, Monetary Fund | IWF, Währungsfonds | МВФ, Международный валютный | FMI, Fondo Monetario
unesco | Unesco | UNESCO | Unesco | ЮНЕСКО | Unesco
opec | OPEP | OPEC | OPEC, Opec | ОПЕК | OPEP
redcross | Croix-Rouge | Red Cross | Rotes Kreuz, Roten Kreuz, Roten Kreuzes | Красный Крест, Красного Креста | Cruz Roja
arableague | Ligue arabe | Arab League | Arabische Liga, Arabischen Liga | Лига арабских | Liga Árabe
eucommission | Commission européenne | European Commission | Europäische Kommission, EU-Kommission | Европейская комиссия, Еврокомиссия | Comisión Europea
kremlin | Kremlin | Kremlin | Kreml | Кремль | Kremlin
vatican | Vatican | Vatican | Vatikan | Ватикан | Vaticano
putin | Poutine | Putin | Putin | Путин | Putin
medvedev | Medvedev, Medvédev | Medvedev | Medwedew | Медведев | Medvédev
lavrov | Lavrov | Lavrov | Lawrow | Лавров | Lavrov
peskov | Peskov | Peskov | Peskow | Песков | Peskov
ushakov | Ouchakov | Ushakov | Uschakow | Ушаков | Ushakov
shoigu | Choïgou | Shoigu | Schoigu | Шойгу | Shoigú
zelensky | Zelensky, Zelenski | Zelensky, Zelenskyy | Selenskyj | Зеленский | Zelenski
lukashenko | Loukachenko | Lukashenko | Lukaschenko | Лукашенко | Lukashenko
navalny | Navalny, Navalny | Navalny | Nawalny | Навальный | Navalni
macron | Macron | Macron | Macron | Макрон | Macron
hollande | Hollande | Hollande | Hollande | Олланд | Hollande
sarkozy | Sarkozy | Sarkozy | Sarkozy | Саркози | Sarkozy
ayrault | Ayrault | Ayrault | Ayrault | Эро | Ayrault
bayrou | Bayrou | Bayrou | Bayrou | Байру | Bayrou
merkel | Merkel | Merkel | Merkel | Меркель | Merkel
scholz | Scholz | Scholz | Scholz | Шольц | Scholz
merz | Merz | Merz | Merz | Мерц | Merz
obama | Obama | Obama | Obama | Обама | Obama
trump | Trump | Trump | Trump | Трамп | Trump
biden | Biden | Biden | Biden | Байден | Biden
romney | Romney | Romney | Romney | Ромни | Romney
rubio | Rubio | Rubio | Rubio | Рубио | Rubio
witkoff | Witkoff | Witkoff | Witkoff | Уиткофф | Witkoff
cameron | Cameron | Cameron | Cameron | Кэмерон | Cameron
starmer | Starmer | Starmer | Starmer | Стармер | Starmer
rajoy | Rajoy | Rajoy | Rajoy | Рахой | Rajoy
sanchez | Sánchez | Sánchez | Sánchez | Санчес | Sánchez
monti | Monti | Monti | Monti | Монти | Monti
meloni | Meloni | Meloni | Meloni | Мелони | Meloni
erdogan | Erdogan, Erdoğan | Erdogan, Erdoğan | Erdoğan, Erdogan | Эрдоган | Erdogan, Erdoğan
netanyahu | Netanyahou, Netanyahu | Netanyahu | Netanjahu | Нетаньяху | Netanyahu
abbas | Abbas | Abbas | Abbas | Аббас | Abbas
assad | Assad | Assad | Assad | Асад, Асада | Asad
morsi | Morsi | Morsi, Mursi | Mursi | Мурси | Morsi
sisi | Sissi | Sisi | Sisi | Сиси | Sisi
ahmadinejad | Ahmadinejad, Ahmadinedjad | Ahmadinejad | Ahmadinedschad | Ахмадинежад | Ahmadineyad
khamenei | Khamenei | Khamenei | Chamenei | Хаменеи | Jamenei
kimjongun | Kim Jong-un | Kim Jong-un | Kim Jong-un | Ким Чен Ын | Kim Jong-un
xijinping | Xi Jinping, Jinping | Xi Jinping, Jinping | Xi Jinping, Jinping | Си Цзиньпин, Цзиньпин | Xi Jinping, Jinping
hujintao | Hu Jintao, Jintao | Hu Jintao, Jintao | Hu Jintao, Jintao | Ху Цзиньтао, Цзиньтао | Hu Jintao, Jintao
chavez | Chávez | Chávez | Chávez | Чавес | Chávez
lula | Lula | Lula | Lula | Лула | Lula
guterres | Guterres | Guterres | Guterres | Гутерриш, Гутерреш | Guterres
bankimoon | Ban Ki-moon | Ban Ki-moon | Ban Ki-moon | Пан Ги Мун | Ban Ki-moon
`

// nameForm is one form of a name in one language.
type nameForm struct {
	id, lang string
}

// nameIndex is nameTable read: the names of each identifier by language,
// and the identifier of each folded word or pair of words.
type nameIndex struct {
	// names holds each identifier's first form by language.
	names map[string]map[string]string
	// one maps a word's name key (see nameWordKey) to its identifier;
	// two maps two words' keys joined by a space.
	one, two map[string]string
	// firsts holds the keys that start an entry of two.
	firsts map[string]bool
}

// The word keys of nameTable's forms are looked up in nameKeysOne and
// nameKeysTwo (names_keys.go, generated from nameTable by TestNameKeys), by
// binary search: deriving them at run time (inflections, Russian stems)
// took about 13 ms of every "verbatim ask", and even building maps from the
// lists 1.5 ms. Only the names by language are read from the table, at the
// first NameIn.
var tableForms = sync.OnceValue(func() map[string]map[string]string { return readNameTable(nameTable, false).names })

// nameKeyID returns the identifier keys (sorted by key) give k, "" when
// none.
func nameKeyID(keys [][2]string, k string) string {
	if i, ok := slices.BinarySearchFunc(keys, k, compareNameKey); ok {
		return keys[i][1]
	}
	return ""
}

// startsNamePair reports whether k is the key of the first word of a
// two-word form.
func startsNamePair(k string) bool {
	// The first entry from k on is "k …" when there is one: a space sorts
	// before every letter of a key.
	i, _ := slices.BinarySearchFunc(nameKeysTwo[:], k, compareNameKey)
	if i == len(nameKeysTwo) {
		return false
	}
	e := nameKeysTwo[i][0]
	return len(e) > len(k) && e[len(k)] == ' ' && e[:len(k)] == k
}

func compareNameKey(e [2]string, k string) int { return strings.Compare(e[0], k) }

// readNameTable parses a table in nameTable's format: the names of each
// identifier and, when keyed, the word keys of every form.
func readNameTable(table string, keyed bool) *nameIndex {
	ix := &nameIndex{names: map[string]map[string]string{}, one: map[string]string{}, two: map[string]string{}, firsts: map[string]bool{}}
	for _, line := range strings.Split(table, "\n") {
		cols := strings.Split(line, "|")
		if len(cols) != len(nameLangs)+1 {
			continue
		}
		id := strings.TrimSpace(cols[0])
		ix.names[id] = map[string]string{}
		for i, lang := range nameLangs {
			for k, form := range strings.Split(cols[i+1], ",") {
				form = strings.TrimSpace(form)
				if form == "" {
					continue
				}
				// A form led by "!" is written, never matched: it is also
				// a common word or a phrase of more than two words.
				bare := strings.TrimPrefix(form, "!")
				if k == 0 {
					ix.names[id][lang] = bare
				}
				if keyed && bare == form {
					ix.add(id, lang, form, k == 0)
				}
			}
		}
	}
	return ix
}

// add indexes one form of a name: one word, or the first two words of a
// longer form.
func (ix *nameIndex) add(id, lang, form string, first bool) {
	var ws []string
	words(form, func(w []byte, _ bool) { ws = append(ws, string(w)) })
	switch len(ws) {
	case 0:
		return
	case 1:
		for _, v := range nameVariants(lang, ws[0], first) {
			for _, k := range nameWordKeys(v) {
				if _, taken := ix.one[k]; !taken {
					ix.one[k] = id
				}
			}
		}
	default:
		a, b := nameWordKeys(ws[0]), nameWordKeys(ws[1])
		for _, ka := range a {
			ix.firsts[ka] = true
			for _, kb := range b {
				if _, taken := ix.two[ka+" "+kb]; !taken {
					ix.two[ka+" "+kb] = id
				}
			}
		}
	}
}

// nameVariants returns the lower-case word w of a form in lang and its
// derived inflections: the German genitive of a name ("Ägyptens") and the
// endings of a German adjective or demonym; the feminine and plural of a
// French or Spanish adjective ("égyptienne", "egipcias"); the English
// plural of a demonym. A name (first) gets no feminine nor plural: "Berlin"
// is not "berline".
func nameVariants(lang, w string, first bool) []string {
	out := []string{w}
	add := func(suffixes ...string) {
		for _, s := range suffixes {
			out = append(out, w+s)
		}
	}
	switch lang {
	case "de":
		switch {
		case first && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "z") || strings.HasSuffix(w, "ß")):
			add("es")
		case first:
			add("s")
		case strings.HasSuffix(w, "sch"):
			add("e", "en", "er", "es", "em")
		case strings.HasSuffix(w, "er"):
			add("n", "in", "innen")
		case strings.HasSuffix(w, "e"):
			add("n")
		default:
			add("s", "n", "en")
		}
	case "fr":
		if first {
			break
		}
		switch {
		case strings.HasSuffix(w, "ien") || strings.HasSuffix(w, "éen"):
			add("s", "ne", "nes")
		case strings.HasSuffix(w, "e"):
			add("s")
		case strings.HasSuffix(w, "s"):
			add("e", "es")
		default:
			add("s", "e", "es")
		}
	case "es":
		if first {
			break
		}
		switch {
		case strings.HasSuffix(w, "o"):
			stem := strings.TrimSuffix(w, "o")
			out = append(out, stem+"a", stem+"os", stem+"as")
		case strings.HasSuffix(w, "és"):
			stem := strings.TrimSuffix(w, "és") + "es"
			out = append(out, stem+"a", stem+"es", stem+"as")
		case strings.HasSuffix(w, "án"):
			stem := strings.TrimSuffix(w, "án") + "an"
			out = append(out, stem+"a", stem+"es", stem+"as")
		case strings.HasSuffix(w, "í") || strings.HasSuffix(w, "ú"):
			add("es", "s")
		case strings.HasSuffix(w, "l") || strings.HasSuffix(w, "n") || strings.HasSuffix(w, "r"):
			add("a", "es", "as")
		default:
			add("s")
		}
	case "en":
		if !first {
			add("s")
		}
	case "ru":
		// The cases of a noun whose stem is too short to match
		// ("Сирия", "Сирии"); adjectives match by their stem.
		r := []rune(w)
		switch last := r[len(r)-1]; {
		case strings.HasSuffix(w, "ия"):
			stem := strings.TrimSuffix(w, "я")
			out = append(out, stem+"и", stem+"ю", stem+"ей")
		case last == 'а':
			stem := string(r[:len(r)-1])
			out = append(out, stem+"ы", stem+"и", stem+"е", stem+"у", stem+"ой")
		case last == 'й' && !strings.HasSuffix(w, "ий") && !strings.HasSuffix(w, "ый") && !strings.HasSuffix(w, "ой"):
			stem := string(r[:len(r)-1])
			out = append(out, stem+"я", stem+"е", stem+"ю", stem+"ем")
		case last >= 'б' && last <= 'я' && !strings.ContainsRune("аеёиоуыэюяьй", last):
			out = append(out, w+"а", w+"е", w+"у", w+"ом")
		}
	}
	return out
}

// minNameStemRunes is the least length of a Russian stem that matches a
// name: shorter ones are common words too ("Мали" and "малый" share
// "мал").
const minNameStemRunes = 4

// nameWordKeys returns the keys a lower-case word of a name is found by:
// its folded form and, for a Cyrillic word, its Russian stem when long
// enough.
func nameWordKeys(w string) []string { return nameKeysOf(w, foldWord(w)) }

// nameKeysOf is nameWordKeys of w, whose folded form is folded.
func nameKeysOf(w, folded string) []string {
	keys := []string{folded}
	if IsCyrillic(w) {
		if s := Stem("ru", w); utf8.RuneCountInString(s) >= minNameStemRunes && s != folded {
			keys = append(keys, s)
		}
	}
	return keys
}

// lookupOne returns the identifier of the name whose form the lower-case
// word w is, "" when it is none.
func lookupOne(w string) string { return lookupKeys(nameWordKeys(w)) }

// lookupKeys returns the identifier of the name of the first of a word's
// keys (see nameWordKeys) that is a form of one, "" when none is.
func lookupKeys(keys []string) string {
	for _, k := range keys {
		if id := nameKeyID(nameKeysOne[:], k); id != "" {
			return id
		}
	}
	return ""
}

// NamePrefix starts the language-free term of a name of nameTable, which
// its identifier follows ("\x01n:egypt"): a value term (IsValue), so that
// it counts as evidence across languages as numbers and months do.
const NamePrefix = namePrefix

const namePrefix = "\x01n:"

// NameTerm returns the language-free term of the lower-case word w when
// it is a form of a name of the table (any of fr, en, de, ru, es, any
// common inflection): "Ägyptens", "Égypte", "египетский" and "Egyptian"
// all give "\x01n:egypt". It returns "" for any other word.
func NameTerm(w string) string {
	if id := lookupOne(w); id != "" {
		return namePrefix + id
	}
	return ""
}

// IsNameTerm reports whether t, a term of Analyze, stands for a name of
// the table (see NameTerm).
func IsNameTerm(t string) bool { return strings.HasPrefix(t, namePrefix) }

// pairNameTerm returns the term of the name the words a and b (lower
// case, in a row) write together ("Nueva York", "Соединённых Штатов"),
// "" when they write none.
func pairNameTerm(a, b string) string {
	for _, ka := range nameWordKeys(a) {
		if !startsNamePair(ka) {
			continue
		}
		for _, kb := range nameWordKeys(b) {
			if id := nameKeyID(nameKeysTwo[:], ka+" "+kb); id != "" {
				return namePrefix + id
			}
		}
	}
	return ""
}

// Name is a name of the table found in a text (see FindNames).
type Name struct {
	// ID identifies the name ("egypt").
	ID string
	// Written is the text's word or words.
	Written string
}

// FindNames returns the names of the table that text writes, in order,
// each once.
func FindNames(text string) []Name {
	var out []Name
	seen := map[string]bool{}
	var prev string
	words(text, func(w []byte, _ bool) {
		word := string(w)
		found := func(t, written string) {
			id := strings.TrimPrefix(t, namePrefix)
			if !seen[id] {
				seen[id] = true
				out = append(out, Name{ID: id, Written: written})
			}
		}
		if prev != "" {
			if t := pairNameTerm(prev, word); t != "" {
				found(t, prev+" "+word)
			}
		}
		if t := NameTerm(word); t != "" {
			found(t, word)
		}
		prev = word
	})
	return out
}

// NameIn returns how the press of lang writes the name id ("egypt", "de":
// "Ägypten"), "" when the table has no form for it.
func NameIn(id, lang string) string {
	return tableForms()[id][lang]
}

// TranslateNames returns the names of the table that text writes, as
// lang's press writes them, one a line, "" when it writes none: what a
// question's names are in another language, offline.
func TranslateNames(text, lang string) string {
	var lines []string
	for _, n := range FindNames(text) {
		if f := NameIn(n.ID, lang); f != "" {
			lines = append(lines, f)
		}
	}
	return strings.Join(lines, "\n")
}
