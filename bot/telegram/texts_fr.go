package telegram

// The French catalogue: every text the bot writes to a user whose Telegram
// language is French. Answers themselves follow the question's language.

var textsFR = texts{
	lang:         "fr",
	justNow:      "à l’instant",
	agoFormat:    "il y a %s",
	add:          &addFR,
	helpIntro:    "Je réponds aux questions sur %s, uniquement par des citations exactes et datées.",
	helpSpan:     "Période couverte : %s – %s.",
	helpSpanOne:  "Période couverte : %s.",
	helpLangs:    "Langues : %s.",
	helpEmpty:    "Ma bibliothèque est vide pour l’instant.",
	helpHowTo:    "Posez votre question en langage courant (dans un groupe, mentionnez-moi ou utilisez /ask). Chaque citation est accompagnée de sa source ; touchez un numéro sous une réponse pour lire le passage complet.\n\n/sources – sources de ma dernière réponse\n/source N – passage complet de la source N\n/search TERMES – passages correspondants, sans modèle\n/latest – les articles les plus récents",
	helpExamples: "Exemples :",

	notAvailable:  "Cette commande n’est pas disponible.",
	refused:       "Désolé, ce bot est privé.",
	slowDown:      "Vous posez beaucoup de questions à la fois : merci d’attendre %s avant la prochaine.",
	queued:        "Vous êtes %de dans la file d’attente.",
	thinking:      "…",
	usageAsk:      "Utilisation : /ask votre question",
	usageSource:   "Utilisation : /source N (un numéro de /sources)",
	usageSearch:   "Utilisation : /search termes",
	noLastAnswer:  "Je n’ai encore rien répondu dans cette conversation.",
	noSuchSource:  "Il n’y a pas de source %d : la dernière réponse en a %d.",
	expired:       "Cette réponse est trop ancienne ; reposez la question.",
	sourcesTitle:  "Sources",
	searchNone:    "Aucun passage ne correspond.",
	latestTitle:   "Derniers articles",
	latestNone:    "Aucun article pour l’instant.",
	reindexBusy:   "Une réindexation est déjà en cours ; merci d’attendre qu’elle se termine.",
	reindexStart:  "Réindexation…",
	reindexProg:   "Réindexation… %d/%d articles",
	reindexDone:   "Réindexation terminée en %.1f s : %d ajoutés, %d modifiés, %d supprimés, %d inchangés, %d ignorés.",
	reindexFailed: "La réindexation a échoué, l’index précédent reste en service : %s",
	reindexSwap:   "%s, %s désormais.",
	stats:         "Articles : %d\nPassages : %d\nIndex construit : %s (%s)\nQuestions depuis le démarrage : %d\nEmbeddings : %s\nModèle : %s",
	unknownModel:  "aucun (réponses extractives)",

	reindexRunning:    "Réindexation en cours depuis %s",
	reindexLastFailed: "Dernière réindexation échouée à %s (l’index précédent reste en service) : %s",

	commands: [][2]string{
		{"help", "Ce que je sais et comment me questionner"},
		{"ask", "Poser une question"},
		{"sources", "Sources de la dernière réponse"},
		{"source", "Passage complet de la source N"},
		{"search", "Chercher des passages sans modèle"},
		{"latest", "Les articles les plus récents"},
	},
	adminCommands: [][3]string{
		{"add", "Ajouter un article (lien ou fichier)", "/add URL – ajouter l’article de cette adresse (ou envoyez-moi un lien, ou un fichier HTML, TXT, MD, JSON ou JSONL)"},
		{"reindex", "Reconstruire l’index depuis le corpus", "/reindex – reconstruire l’index depuis le corpus"},
		{"stats", "Index, flux et questions posées", "/stats – index, flux et questions posées"},
	},
	helpAdmin: "En tant qu’administrateur :",
}

// addFR are the texts of /add and of the feeds' state.
var addFR = addTexts{
	refused:      "Seul un administrateur peut ajouter des articles.",
	usage:        "Envoyez /add suivi d'un lien (https://…), ou envoyez un fichier HTML, TXT, MD, JSON ou JSONL.",
	added:        "Ajouté : <b>%s</b> (%s), %d passages indexés. Vous pouvez poser vos questions.",
	duplicate:    "Déjà dans le corpus : <b>%s</b> (%s), %d passages.",
	unsupported:  "Non ajouté : format %q non pris en charge (HTML, TXT, MD, JSON ou JSONL).",
	tooLarge:     "Non ajouté : fichier trop gros (%d octets, limite %d).",
	feeds:        "Flux : %d sources (%s) ; dernier passage %s ; %d nouveaux articles aujourd'hui ; %d en échec.",
	feedsFailing: "En échec : %s",
	unreachable:  "Non ajouté : le site est injoignable.",
	httpStatus:   "Non ajouté : le site a répondu par une erreur (%d).",
	notPublic:    "Non ajouté : cette adresse est sur un réseau privé.",
	noText:       "Non ajouté : aucun texte d’article n’a pu en être lu.",
	notALink:     "Non ajouté : ce n’est pas un lien web (https://…).",
	timedOut:     "Non ajouté : le site a mis trop de temps à répondre.",
	tooLargeBody: "Non ajouté : la page est trop grosse.",
}
